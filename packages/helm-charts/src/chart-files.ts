// Reading a chart package's own files (values.yaml, values.schema.json) without unpacking it to disk.
import * as fs from "node:fs";
import { parse } from "yaml";
import { list } from "tar";

/** The chart's files as text, by path relative to the chart's root folder (`values.yaml`). */
export function readChartFiles(packagePath: string, wanted: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  list({
    file: packagePath,
    sync: true,
    onReadEntry: (entry) => {
      // Entries are `<chart>/<path>`; sub-charts sit under `<chart>/charts/` and are not wanted here.
      const relative = entry.path.slice(entry.path.indexOf("/") + 1);
      if (!wanted.includes(relative)) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => found.set(relative, Buffer.concat(chunks).toString("utf8")));
    },
  });
  return found;
}

/** A chart's default values and its JSON schema (when it has one). */
export interface ChartValuesDefinition {
  defaults: Record<string, unknown>;
  schema?: JsonSchema;
}

/** The part of a JSON schema the values-path check reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
  [key: string]: unknown;
}

/** values.yaml and values.schema.json of a chart package. */
export function chartValuesDefinition(packagePath: string): ChartValuesDefinition {
  if (!fs.existsSync(packagePath)) throw new Error(`no chart package at ${packagePath}`);
  const files = readChartFiles(packagePath, ["values.yaml", "values.schema.json"]);
  const defaults = (parse(files.get("values.yaml") ?? "") ?? {}) as Record<string, unknown>;
  const schemaText = files.get("values.schema.json");
  return { defaults, schema: schemaText === undefined ? undefined : (JSON.parse(schemaText) as JsonSchema) };
}
