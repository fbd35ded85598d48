// Every values path a program sets must exist in the chart: Helm ignores an unknown key silently, so a typo (or a key
// a new chart version renamed) would quietly leave a hardening value unapplied. A path exists when the chart's
// values.yaml has it or its values.schema.json declares it. Maps the chart copies whole into a manifest (a
// securityContext, resources) have no keys of their own in values.yaml; those are declared once as pass-through,
// with the reason.
import type { ChartValuesDefinition, JsonSchema } from "./chart-files";

/** A values path the chart does not know. */
export interface UnknownValuesPath {
  /** Dotted path (`controller.securityContext.runAsUser`). */
  path: string;
  /** The longest leading part the chart does know (`controller`), "" for none. */
  knownPrefix: string;
}

/** The result of checking a release's values against its chart. */
export interface ValuesPathCheck {
  /** Paths neither the chart nor a pass-through declaration knows. */
  unknown: UnknownValuesPath[];
  /** Pass-through declarations no values path used, or naming a map the chart does not have. */
  unusedPassThrough: string[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every leaf path of a values tree; a list, a scalar and an empty map are leaves (a list replaces the chart's). */
export function valuesLeafPaths(values: unknown, prefix: string[] = []): string[][] {
  if (!isMap(values) || Object.keys(values).length === 0) return prefix.length === 0 ? [] : [prefix];
  return Object.entries(values).flatMap(([key, child]) => valuesLeafPaths(child, [...prefix, key]));
}

/** How many leading keys of `path` the chart's defaults have. */
function knownInDefaults(defaults: Record<string, unknown>, path: readonly string[]): number {
  let node: unknown = defaults;
  let i = 0;
  for (; i < path.length && isMap(node) && path[i] in node; i++) node = node[path[i]];
  return i;
}

/** A `$ref` inside the same document (`#/definitions/x`, `#/$defs/x`), resolved. */
function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref?.startsWith("#/") && hops < 16; hops++) {
    const target = current.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), root);
    if (!isMap(target)) break;
    current = target as JsonSchema;
  }
  return current;
}

/** How many leading keys of `path` the schema declares (a property, a matching pattern, or a typed additionalProperties). */
function knownInSchema(root: JsonSchema | undefined, path: readonly string[]): number {
  if (root === undefined) return 0;
  let node: JsonSchema | undefined = resolveRef(root, root);
  let i = 0;
  for (; i < path.length && node !== undefined; i++) {
    const key = path[i];
    const next: JsonSchema | undefined =
      node.properties?.[key] ??
      Object.entries(node.patternProperties ?? {}).find(([pattern]) => new RegExp(pattern, "u").test(key))?.[1] ??
      (isMap(node.additionalProperties) ? node.additionalProperties : undefined);
    if (next === undefined) break;
    node = resolveRef(next, root);
  }
  return i;
}

/**
 * The values paths of `values` the chart does not know, and the pass-through declarations that are unused or name a
 * map the chart lacks. `passThrough` lists dotted paths of maps the chart copies whole (keys: path, values: reason).
 */
export function checkValuesPaths(
  values: Record<string, unknown>,
  chart: ChartValuesDefinition,
  passThrough: Readonly<Record<string, string>>,
): ValuesPathCheck {
  const declared = Object.keys(passThrough).map((p) => p.split("."));
  const used = new Set<string>();
  const unknown: UnknownValuesPath[] = [];
  for (const path of valuesLeafPaths(values)) {
    const known = Math.max(knownInDefaults(chart.defaults, path), knownInSchema(chart.schema, path));
    if (known === path.length) continue;
    const through = declared.find((d) => d.length <= known && d.every((key, i) => path[i] === key));
    if (through !== undefined) {
      used.add(through.join("."));
      continue;
    }
    unknown.push({ path: path.join("."), knownPrefix: path.slice(0, known).join(".") });
  }
  const unusedPassThrough = Object.keys(passThrough).filter((p) => !used.has(p));
  return { unknown, unusedPassThrough };
}
