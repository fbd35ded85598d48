/**
 * Turn the raw `project:key -> string` map Pulumi hands a program into the typed stack configuration.
 * Pure (no Pulumi runtime), so tests and tools call it directly; `loadStackConfig` wraps it for the program.
 */
import type { z } from "zod";
import { seedCatalog } from "../catalog/seed";
import { resolveNaming } from "../../core/config/naming";
import { applyNamingDefaults } from "./naming-defaults";
import { capabilitiesOf } from "../../core/config/capabilities";
import { ConfigError, formatPath, type ConfigIssue } from "../../core/config/errors";
import type { PlatformConfig } from "../../core/config/platform";
import { secretConfigKeyNames, secretConfigKeys, setSecretCommand, type SecretConfigKey } from "../../core/config/secret-keys";
import { mergeCatalog } from "../catalog/merge";
import { placeServices } from "../catalog/placement";
import type { ServicesConfig } from "../../core/config/services";
import type { ServicePlacement } from "../../core/feature";
import { features } from "../features";
import { resolveStack, type AnyFeature } from "../resolve";
import { crossSectionIssues } from "./cross-checks";
import { fenceOff, isAtOrUnder, parseWhatParses, UncheckableValue, type ConfigPath } from "./partial-config";
import { composeConfigSchema, stackConfigSchema, type ParsedStackConfig } from "./schema";
import { credentialMeant, unknownKeyMessage } from "./unknown-keys";

/**
 * The validated configuration of one stack: the platform-wide keys (core/config/platform.ts) and every feature's
 * section as its schema parsed it (defaults of the schema applied).
 */
export type StackConfig = PlatformConfig & Omit<ParsedStackConfig, keyof PlatformConfig | "services" | "protectStatefulResources" | "naming">;

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
        message: unknownKeyMessage([...issue.path.map(String), k], allowed),
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

/**
 * Validate one stack's raw configuration. Throws {@link ConfigError} listing every problem: type errors and
 * cross-references in the same run (the cross-checks run on what parsed; see ./partial-config.ts).
 */
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
  // Credentials the user has been told how to set (given in plaintext, or written inside a section): the checks take
  // them as present, so the one command to run is the only line about each.
  const told = new Set<SecretConfigKey>();

  for (const [fullKey, rawValue] of Object.entries(raw.values)) {
    if (!fullKey.startsWith(prefix)) continue; // other namespaces (kubernetes:, aws:) belong to their providers
    const key = fullKey.slice(prefix.length);
    if (secretNames.has(key)) {
      if (!raw.secretKeys.has(fullKey)) {
        issues.push({
          key,
          message: `holds a credential (${secretConfigKeys[key as SecretConfigKey]}) and must be a secret: run \`${setSecretCommand(key as SecretConfigKey)}\` (it prompts for the value and replaces the plaintext one)`,
        });
        told.add(key as SecretConfigKey);
      } else if (rawValue.length === 0) {
        issues.push({ key, message: "is empty" });
        told.add(key as SecretConfigKey);
      } else {
        credentials[key as SecretConfigKey] = rawValue;
      }
      continue;
    }
    if (!knownKeys.includes(key)) {
      issues.push({ key, message: unknownKeyMessage([key], knownKeys) });
      const credential = credentialMeant([key], knownKeys);
      if (credential) told.add(credential);
      continue;
    }
    input[key] = decode(rawValue);
  }

  applyNamingDefaults(input);
  // A list other than the program's has its own schema; its parse result has the same platform-wide shape.
  const parsed = (schema as typeof stackConfigSchema).safeParse(input);
  let data = parsed.data;
  let removed: ConfigPath[] = [];
  let unusable: string[] = [];
  if (!parsed.success) {
    issues.push(...zodIssues(parsed.error, input, schema));
    for (const issue of parsed.error.issues) {
      if (issue.code !== "unrecognized_keys") continue;
      for (const k of issue.keys) {
        const credential = credentialMeant([...issue.path.map(String), k], []);
        if (credential) told.add(credential);
      }
    }
    // The cross-checks still run, on what parsed: every problem in one run.
    ({ data, removed, unusable } = parseWhatParses<ParsedStackConfig>(schema, input) as { data: ParsedStackConfig; removed: ConfigPath[]; unusable: string[] });
  }
  const { services, protectStatefulResources, naming: namingConfig, ...rest } = data as ParsedStackConfig;
  const naming = resolveNaming(namingConfig ?? {});
  const merged = mergeCatalog(seedCatalog(naming), services ?? {}, naming.selectorLabel);
  const later: ConfigIssue[] = [...merged.issues];
  for (const key of told) credentials[key] ??= "(told how to set it as a secret)";
  const config: StackConfig = {
    ...rest,
    project: raw.project,
    stack: raw.stack,
    protect: protectStatefulResources ?? rest.environment === "production",
    naming,
    catalog: merged.services,
    capabilities: capabilitiesOf(rest.features ?? {}),
    credentials,
  };
  fenceOff(config as unknown as Record<string, unknown>, fencesOf(removed, unusable));
  later.push(...applyPlacements(config, list, services ?? {}));
  later.push(...crossSectionIssues(config, list));
  // What a check finds at or under a value taken out (a default stood in for it) or about a credential the user was
  // told how to set would be a second, misleading line about the same mistake.
  issues.push(...later.filter((i) => !removed.some((p) => isAtOrUnder(i.key, p)) && !told.has(i.key as SecretConfigKey)));
  // Resolve works on a checked configuration; it then finds what only resolved settings show (a namespace level
  // stricter than a concern needs).
  if (issues.length === 0) issues.push(...resolveStack(config, list).issues);
  if (issues.length > 0) throw new ConfigError(file, raw.project, issues);
  return config;
}

/**
 * Moves the catalog services the concerns place (core/feature.ts `placeServices`: the PCI zone's payment services)
 * into their namespaces, once, before any check or resolve reads the catalog; returns what contradicts them. A
 * placement that reads a value already reported as wrong is skipped.
 */
function applyPlacements(config: StackConfig, list: readonly AnyFeature[], overrides: ServicesConfig): ConfigIssue[] {
  try {
    const placements = list.flatMap((f) => (f.placeServices?.(config) as ServicePlacement[] | undefined) ?? []);
    if (placements.length === 0) return [];
    const placed = placeServices(config.catalog, placements, overrides);
    config.catalog = placed.services;
    return placed.issues;
  } catch (e) {
    if (e instanceof UncheckableValue) return [];
    throw e;
  }
}

/**
 * The places of the configuration the checks must not read after a partial parse: each value taken out, each section
 * that did not parse, and what is derived from them (the catalog from `services` and `naming`, the capabilities from
 * `features`).
 * Values taken out of `services` are not fenced: the catalog was merged from what parsed, and what the catalog checks
 * say under a value taken out is dropped with the other checks' findings there.
 */
function fencesOf(removed: readonly ConfigPath[], unusable: readonly string[]): ConfigPath[] {
  const fences: ConfigPath[] = [];
  for (const key of unusable) {
    if (key === "services") fences.push(["catalog"]);
    else if (key === "protectStatefulResources") fences.push(["protect"]);
    else fences.push([key]);
    if (key === "features") fences.push(["capabilities"]);
    if (key === "naming") fences.push(["catalog"]);
  }
  for (const path of removed) {
    if (path[0] === "services" || path[0] === "protectStatefulResources") continue;
    fences.push(path);
    if (path[0] === "features") fences.push(["capabilities"]);
  }
  return fences;
}
