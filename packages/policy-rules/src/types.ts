// The shapes every rule of the policy pack shares: what a rule reads (a normalized resource and the context of the
// whole resource set), what it returns (violations with a field path and a fix) and the finding users see.
import type { z } from "zod";
import type { PolicyContext } from "./context";

/** The groups of rules; `--only <group>` of policy:check runs one of them. */
export const POLICY_GROUPS = ["pod-security", "images", "workloads", "secrets", "rbac", "network", "mesh", "admission", "namespaces", "helm", "aws"] as const;

/** One group of rules. */
export type PolicyGroup = (typeof POLICY_GROUPS)[number];

/** The levels a finding is reported at (CrossGuard's `remediate` reports as mandatory, `disabled` not at all). */
export type ReportedLevel = "advisory" | "mandatory";

/** A JSON object read from a manifest or from a resource's properties; every field may be missing or unknown. */
export type Fields = Readonly<Record<string, unknown>>;

/** Which resource a finding is about. */
export interface ResourceRef {
  /** `group/version` of a Kubernetes object; null for other resources (AWS, Helm releases). */
  apiVersion: string | null;
  /** The Kubernetes kind, or the Pulumi type token of any other resource (e.g. `aws:s3/bucket:Bucket`). */
  kind: string;
  /** The Kubernetes namespace; null for cluster-scoped objects, objects without one and other resources. */
  namespace: string | null;
  /** `metadata.name`, or the resource's logical name when it has none (or is not a Kubernetes object). */
  name: string;
}

/** Where a resource read from a manifest file is: the file, the line, the Helm template it was rendered from. */
export interface SourceLocation {
  /** The file as the caller named it (`<stdin>` for standard input). */
  file: string;
  /** One-based line. */
  line: number;
  /** The Helm template (`# Source:` of helm template output), when there is one. */
  template?: string;
}

/** Where a manifest resource came from, and how to find the line of one of its fields. */
export interface ResourceSource extends SourceLocation {
  /** One-based line of a field path (`spec.containers[0].image`), or of the nearest line the reader can tell. */
  lineOf?(path: string): number;
}

/** One breach of one rule by one resource: the shape of `--json`, `policy-report.json` and the tests. */
export interface Finding {
  /** The rule's stable name, e.g. `pss-restricted`. */
  policy: string;
  /** How the breach is enforced: mandatory blocks a deployment (exit 1), advisory warns. */
  enforcementLevel: ReportedLevel;
  /** The resource in breach. */
  resource: ResourceRef;
  /** What is wrong. */
  message: string;
  /** Field path from the resource's root, e.g. `spec.template.spec.containers[0].image`; "" for the whole resource. */
  path: string;
  /** How to fix it. */
  fix: string;
  /** The file and line of the field, for a resource read from a manifest file. */
  location?: SourceLocation;
}

/** What a rule reports about one resource; the runner adds the rule, level and resource. */
export interface Violation {
  /** Field path from the resource's root ("" for the resource as a whole). */
  path: string;
  /** What is wrong, naming the offending value. */
  message: string;
  /** How to fix it. */
  fix: string;
  /**
   * Set when the rule's own configuration excuses the breach (a Pod Security workload exemption, a listed relaxed
   * namespace): the finding is reported apart with the reason, like one a reviewed exception covers, never silently.
   */
  exemptedBy?: ExemptionUse;
}

/** Which configured exemption of a rule excused a violation. */
export interface ExemptionUse {
  /** Identifies the exemption across the rules that share it (e.g. `logging/DaemonSet/fluent-bit`). */
  key: string;
  /** Why it was granted. */
  reason: string;
}

/** An exemption a rule's configuration declares, so that one that excuses nothing can be reported as stale. */
export interface DeclaredExemption {
  /** The key its uses carry ({@link ExemptionUse.key}). */
  key: string;
  /** What it covers, for people. */
  resource: string;
  /** Why it was granted. */
  reason: string;
}

/**
 * A resource as every rule sees it, whether it came from the Pulumi engine, the offline plan or a manifest file.
 * Unknown values (preview) are {@link UNKNOWN} in `props`.
 */
export interface PolicyResource {
  /** Pulumi type token (`kubernetes:apps/v1:Deployment`, `aws:s3/bucket:Bucket`); for a plain manifest it is derived from apiVersion and kind. */
  type: string;
  /** Logical name (Pulumi), or `<kind>/<namespace>/<name>` for a plain manifest. */
  name: string;
  /** URN when the engine gave one; links resources through {@link PolicyResource.propertyDependencies}. */
  urn?: string;
  /** The resource's properties; for a Kubernetes object, the object itself. */
  props: Fields;
  /** The Kubernetes object when the resource is one (same value as `props`), otherwise undefined. */
  manifest?: Fields;
  /** URNs of the resources each property depends on, when the engine says so (stack validation only). */
  propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Who the resource is, for findings. */
  ref: ResourceRef;
  /** Where it was read from, for a resource read from a manifest file. */
  source?: ResourceSource;
  /** Set when no value can be unknown (a manifest, never engine output): rules may skip looking for unknowns. */
  allKnown?: true;
}

/** A rule of the policy pack: pure, and the same over Pulumi resources and plain manifests. */
export interface PolicyRule<Config extends object = object> {
  /** Stable kebab-case name (also the CrossGuard policy name and the key of its configuration). */
  name: string;
  /** The group `--only` selects. */
  group: PolicyGroup;
  /** One sentence: what the rule requires and why. */
  description: string;
  /** Default enforcement: mandatory where a breach is a security hole, advisory where it is hygiene. */
  enforcementLevel: ReportedLevel;
  /**
   * "resource" rules judge one resource alone; "stack" rules also read other resources of the set (the namespace
   * a workload lives in, the policies of a namespace, the bucket a configuration belongs to), so CrossGuard runs
   * them as stack validations.
   */
  scope: "resource" | "stack";
  /** The configuration: a zod object whose every field has a default (CrossGuard's configSchema is derived from it). */
  config: z.ZodType<Config, Record<string, unknown>>;
  /** Cheap test of the resource's type or kind; the runner calls {@link PolicyRule.check} only when true. */
  appliesTo(resource: PolicyResource): boolean;
  /** The violations of one resource (an empty list when it complies or when unknown values leave it undecidable). */
  check(resource: PolicyResource, config: Config, context: PolicyContext): Violation[];
  /** The exemptions its configuration declares (rules whose configuration can excuse breaches). */
  declaredExemptions?(config: Config): DeclaredExemption[];
}
