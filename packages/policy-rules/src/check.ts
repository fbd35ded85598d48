// The policy:check code path without the command line: read manifests (files, directories, stdin), run the
// pack's rules over them as one resource set, and return the findings with the file and line of each. An input that
// cannot be read is reported and the others are still checked. The benchmark times exactly this.
import { readManifestInputs, type ManifestReadError, type ReadManifestsOptions, type SourcedObject } from "@ecommerce-security/manifests";
import { CLUSTER_SCOPED } from "./cluster-scoped";
import { configJsonSchema, type PackConfig } from "./config";
import type { ExceptedFinding, StaleException } from "./exceptions";
import { fromManifest } from "./resource";
import { rulesOf } from "./rules";
import { configureGroups, evaluateConfiguredRules } from "./run";
import type { Fields, Finding, PolicyGroup, PolicyResource, ResourceSource } from "./types";

/** Options of {@link checkManifestInputs}. */
export interface CheckManifestsOptions extends ReadManifestsOptions {
  /** Only these groups of rules (all when absent or empty). */
  only?: readonly PolicyGroup[];
  /** Pod Security level for objects whose namespace the input does not declare (default: the rules' default, restricted). */
  level?: "privileged" | "baseline" | "restricted";
  /** Pack configuration (levels and rule properties), as for `pulumi preview --policy-pack-config`. */
  config?: PackConfig;
  /** Namespace of the namespaced objects that name none, as `kubectl apply --namespace` would put them. */
  namespace?: string;
}

/** What a check found. */
export interface CheckResult {
  /** Every finding that stands, in input order, each with its file and line. */
  findings: Finding[];
  /** Findings a reviewed exception or a rule's own exemption covers, with the reason. */
  excepted: ExceptedFinding[];
  /** Exceptions and exemptions that covered nothing. */
  stale: StaleException[];
  /** How many objects were read and checked. */
  objectCount: number;
  /** The objects checked, in input order (findings name them by the same `ref`). */
  resources: PolicyResource[];
  /** The inputs that could not be read or parsed, with the reason; everything else was checked. */
  unreadable: ManifestReadError[];
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

/** The object with `namespace` when it is namespaced and names none. */
function inNamespace(object: Fields, namespace: string | undefined): Fields {
  if (namespace === undefined || typeof object.kind !== "string" || CLUSTER_SCOPED.has(object.kind) || object.kind.endsWith("List")) return object;
  const metadata = (typeof object.metadata === "object" && object.metadata !== null ? object.metadata : {}) as Fields;
  if (typeof metadata.namespace === "string" && metadata.namespace !== "") return object;
  return { ...object, metadata: { ...metadata, namespace } };
}

/** A manifest object as rules read it, knowing its file and lines. */
export function manifestResource(sourced: SourcedObject, index: number, namespace?: string): PolicyResource {
  const location = sourced.location;
  const source: ResourceSource = {
    file: sourced.source,
    line: location?.line ?? 1,
    ...(sourced.template === undefined ? {} : { template: sourced.template }),
    ...(location === undefined ? {} : { lineOf: (path: string) => location.lineOf(path) }),
  };
  return fromManifest(inNamespace(sourced.object, namespace), index, source);
}

/**
 * Reads the inputs and checks every object they hold, as one set (a Namespace in one file decides the level of a
 * Deployment in another). Inputs that cannot be read are listed in the result; the others are checked.
 * @throws {PolicyConfigError} when the configuration does not validate (whatever `only` selects, every rule's
 * entry is validated).
 */
export function checkManifestInputs(inputs: readonly string[], options: CheckManifestsOptions = {}): CheckResult {
  const rules = configureGroups(options.only, withDefaultLevel(options.config ?? {}, options.level));
  const { objects, errors } = readManifestInputs(inputs, options);
  const resources = objects.map((m, index) => manifestResource(m, index, options.namespace));
  const { findings, excepted, stale } = evaluateConfiguredRules(rules, resources);
  return { findings, excepted, stale, objectCount: resources.length, resources, unreadable: errors };
}
