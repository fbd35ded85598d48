/**
 * Turn the raw `project:key -> string` map Pulumi hands a program into the typed stack configuration.
 * Pure (no Pulumi runtime), so tests and tools call it directly; `loadStackConfig` wraps it for the program.
 */
import type { z } from "zod";
import { seedCatalog } from "../catalog/seed";
import { capabilitiesOf } from "../../core/config/capabilities";
import { ConfigError, formatPath, type ConfigIssue } from "../../core/config/errors";
import type { PlatformConfig } from "../../core/config/platform";
import { secretConfigKeyNames, secretConfigKeys, type SecretConfigKey } from "../../core/config/secret-keys";
import { mergeCatalog } from "../catalog/merge";
import { features } from "../features";
import { resolveStack, type AnyFeature } from "../resolve";
import { crossSectionIssues } from "./cross-checks";
import { composeConfigSchema, stackConfigSchema, type ParsedStackConfig } from "./schema";

/**
 * The validated configuration of one stack: the platform-wide keys (core/config/platform.ts) and every feature's
 * section as its schema parsed it (defaults of the schema applied).
 */
export type StackConfig = PlatformConfig & Omit<ParsedStackConfig, keyof PlatformConfig | "services" | "protectStatefulResources">;

/** What Pulumi passes for one stack: every config value as a string, and which keys are secret. */
export interface RawStackConfig {
  project: string;
  stack: string;
  /** Full keys (`project:key`) to their string values, as `pulumi.runtime.allConfig()` returns them. */
  values: Record<string, string>;
  /** Full keys whose values are secret. */
  secretKeys: ReadonlySet<string>;
}

/** Object and array values arrive as JSON text; booleans and numbers as their literal. */
function decode(raw: string): unknown {
  if (/^\s*[[{]/.test(raw) || /^(true|false|-?[0-9]+(\.[0-9]+)?)$/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

function zodIssues(error: z.ZodError, input: unknown, schema: z.ZodObject): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === "unrecognized_keys") {
      const allowed = Object.keys(objectShapeAt(schema, issue.path) ?? {});
      return issue.keys.map((k) => ({
        key: formatPath([...issue.path, k]),
        message: `unknown key${allowed.length ? `; allowed: ${allowed.join(", ")}` : ""}`,
      }));
    }
    const value = valueAt(input, issue.path);
    const message = issue.code === "invalid_type" && value === undefined ? `is required (${issue.expected})` : issue.message;
    return [{ key: formatPath(issue.path), message, value }];
  });
}

/** The shape of the (strict) object schema at a path, to list the allowed keys of an object. */
function objectShapeAt(root: z.ZodObject, path: ReadonlyArray<PropertyKey>): Record<string, unknown> | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let schema: any = root;
  for (const p of path) {
    schema = unwrap(schema);
    if (schema?.shape && typeof p === "string") schema = schema.shape[p];
    else if (schema?._zod?.def?.valueType) schema = schema._zod.def.valueType;
    else if (schema?._zod?.def?.element) schema = schema._zod.def.element;
    else return undefined;
  }
  return unwrap(schema)?.shape;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function unwrap(schema: any): any {
  let s = schema;
  while (s?._zod?.def?.innerType || s?._zod?.def?.in) s = s._zod.def.innerType ?? s._zod.def.in;
  return s;
}

/** Options of {@link parseStackConfig}. */
export interface ParseOptions {
  /** The stack file named in messages; `Pulumi.<stack>.yaml` by default. */
  file?: string;
  /** The feature list whose switches, sections and checks apply; this program's (platform/features.ts) by default. */
  features?: readonly AnyFeature[];
}

/** Validate one stack's raw configuration. Throws {@link ConfigError} listing every problem. */
export function parseStackConfig(raw: RawStackConfig, options: ParseOptions = {}): StackConfig {
  const file = options.file ?? `Pulumi.${raw.stack}.yaml`;
  const list = options.features ?? features;
  const schema = list === features ? stackConfigSchema : composeConfigSchema(list);
  const knownKeys = [...Object.keys(schema.shape), ...secretConfigKeyNames];
  const prefix = `${raw.project}:`;
  const input: Record<string, unknown> = {};
  const credentials: Partial<Record<SecretConfigKey, string>> = {};
  const issues: ConfigIssue[] = [];
  const secretNames = new Set<string>(secretConfigKeyNames);

  for (const [fullKey, rawValue] of Object.entries(raw.values)) {
    if (!fullKey.startsWith(prefix)) continue; // other namespaces (kubernetes:, aws:) belong to their providers
    const key = fullKey.slice(prefix.length);
    if (secretNames.has(key)) {
      if (!raw.secretKeys.has(fullKey)) {
        issues.push({
          key,
          message: `holds a credential (${secretConfigKeys[key as SecretConfigKey]}) and must be a secret: run \`pulumi config set --secret ${key} <value>\``,
        });
      } else if (rawValue.length === 0) {
        issues.push({ key, message: "is empty" });
      } else {
        credentials[key as SecretConfigKey] = rawValue;
      }
      continue;
    }
    if (!knownKeys.includes(key)) {
      issues.push({ key, message: `unknown key; allowed: ${knownKeys.join(", ")}` });
      continue;
    }
    input[key] = decode(rawValue);
  }

  // A list other than the program's has its own schema; its parse result has the same platform-wide shape.
  const parsed = (schema as typeof stackConfigSchema).safeParse(input);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, input, schema));
  if (!parsed.success) throw new ConfigError(file, raw.project, issues);

  const { services, protectStatefulResources, ...rest } = parsed.data;
  const merged = mergeCatalog(seedCatalog, services);
  issues.push(...merged.issues);
  const config: StackConfig = {
    ...rest,
    project: raw.project,
    stack: raw.stack,
    protect: protectStatefulResources ?? rest.environment === "production",
    catalog: merged.services,
    capabilities: capabilitiesOf(rest.features),
    credentials,
  };
  issues.push(...crossSectionIssues(config, list));
  // Resolve works on a checked configuration; it then finds what only resolved settings show (a namespace level
  // stricter than a concern needs).
  if (issues.length === 0) issues.push(...resolveStack(config, list).issues);
  if (issues.length > 0) throw new ConfigError(file, raw.project, issues);
  return config;
}
