// The policy:check code path without the command line: read manifests (files, directories, stdin), run the
// pack's rules over them as one resource set, and return the findings. The benchmark times exactly this.
import { readManifests, type ReadManifestsOptions } from "@ecommerce-security/manifests";
import { configJsonSchema, configureRules, type PackConfig } from "./config";
import { fromManifest } from "./resource";
import { rulesOf } from "./rules";
import { runConfiguredRules } from "./run";
import type { Finding, PolicyGroup } from "./types";

/** Options of {@link checkManifestInputs}. */
export interface CheckManifestsOptions extends ReadManifestsOptions {
  /** Only these groups of rules (all when absent or empty). */
  only?: readonly PolicyGroup[];
  /** Pod Security level for objects whose namespace the input does not declare (default: the rules' default, restricted). */
  level?: "privileged" | "baseline" | "restricted";
  /** Pack configuration (levels and rule properties), as for `pulumi preview --policy-pack-config`. */
  config?: PackConfig;
}

/** What a check found. */
export interface CheckResult {
  /** Every finding, in input order. */
  findings: Finding[];
  /** How many objects were read and checked. */
  objectCount: number;
}

/**
 * The pack configuration with `level` as the default Pod Security level of every rule that has one (pss-*,
 * helm-security-values); an explicit `defaultLevel` in `config` wins.
 */
export function withDefaultLevel(config: PackConfig, level: CheckManifestsOptions["level"], groups?: readonly PolicyGroup[]): PackConfig {
  if (level === undefined) return config;
  const merged: Record<string, PackConfig[string]> = { ...config };
  for (const rule of rulesOf(groups)) {
    if (!("defaultLevel" in configJsonSchema(rule).properties)) continue;
    const entry = merged[rule.name];
    merged[rule.name] = typeof entry === "string" ? { enforcementLevel: entry, defaultLevel: level } : { defaultLevel: level, ...(entry ?? {}) };
  }
  return merged;
}

/**
 * Reads the inputs and checks every object they hold, as one set (a Namespace in one file decides the level of a
 * Deployment in another).
 * @throws {ManifestReadError} when an input cannot be read or parsed.
 * @throws {PolicyConfigError} when the configuration does not validate.
 */
export function checkManifestInputs(inputs: readonly string[], options: CheckManifestsOptions = {}): CheckResult {
  const rules = configureRules(rulesOf(options.only), withDefaultLevel(options.config ?? {}, options.level, options.only));
  const manifests = readManifests(inputs, options);
  const resources = manifests.map((m, index) => fromManifest(m.object, index));
  return { findings: runConfiguredRules(rules, resources), objectCount: resources.length };
}
