// The objects a release renders, judged by the pack's rules beside the stack's own resources: the one path the offline
// plan's report and the CrossGuard pack share. Each finding on a rendered object is also named for the Release that
// brings it, `<release>/<kind>/<name>` (`velero/ClusterRoleBinding/velero`), since that Release is what a user sees
// and changes. Reviewed exceptions name the object itself (`ClusterRoleBinding velero`), as for the stack's objects.
import {
  containsUnknown,
  describeRef,
  evaluateConfiguredRules,
  fromManifest,
  type ConfiguredRule,
  type Evaluation,
  type Finding,
  type PolicyResource,
  type ResourceRef,
} from "@ecommerce-security/policy-rules";

/** How a finding on a rendered object names it: `<release>/<kind>/<name>`. */
export function renderedObjectName(release: string, ref: Pick<ResourceRef, "kind" | "name">): string {
  return `${release}/${ref.kind}/${ref.name}`;
}

/** A rendered object as rules read it; one holding unknown values (preview) is not marked all-known. */
export function renderedPolicyResource(object: Readonly<Record<string, unknown>>): PolicyResource {
  const resource = fromManifest(object);
  if (!containsUnknown(object)) return resource;
  const { allKnown: _allKnown, ...rest } = resource;
  void _allKnown;
  return rest;
}

/** One release's rendered objects, as rules read them: one set, or two when its values held unknowns (unknown-values.ts). */
export interface JudgedRelease {
  /** The Helm release name. */
  release: string;
  /** The Release resource's URN, when the engine gave one. */
  urn?: string;
  /** The rendered objects, per render; every finding reported must come out of each render the same. */
  variants: ReadonlyArray<readonly PolicyResource[]>;
}

/** A finding on an object a release renders. */
export interface ReleaseFinding {
  /** The Helm release name. */
  release: string;
  /** The Release resource's URN, when known. */
  urn?: string;
  /** `<release>/<kind>/<name>`. */
  object: string;
  /** The finding, on the rendered object. */
  finding: Finding;
}

/** What {@link evaluateReleases} found. */
export interface ReleaseEvaluation extends Evaluation {
  /** The findings that stand on rendered objects, each named for its release (also in `findings`). */
  releaseFindings: ReleaseFinding[];
}

const findingKey = (f: Finding, release: string) => JSON.stringify([f.policy, release, describeRef(f.resource), f.path, f.message]);

/**
 * Runs configured rules over the stack's resources and the releases' rendered objects as one set (a chart's pod is
 * judged at its namespace's level, its NetworkPolicies count for the stack) and applies the reviewed exceptions.
 * `judgeProgram: false` judges only the rendered objects (the pack judges the stack's own resources apart). A release
 * rendered twice (unknown values) keeps only the findings both renders give.
 */
export function evaluateReleases(
  rules: readonly ConfiguredRule[],
  program: readonly PolicyResource[],
  releases: readonly JudgedRelease[],
  options: { judgeProgram: boolean } = { judgeProgram: true },
): ReleaseEvaluation {
  const renders = Math.max(1, ...releases.map((r) => r.variants.length));
  let first: ReleaseEvaluation | undefined;
  let agreed: Set<string> | undefined;
  for (let v = 0; v < renders; v++) {
    const owner = new Map<ResourceRef, JudgedRelease>();
    const rendered: PolicyResource[] = [];
    for (const release of releases) {
      for (const resource of release.variants[Math.min(v, release.variants.length - 1)] ?? []) {
        owner.set(resource.ref, release);
        rendered.push(resource);
      }
    }
    const all = [...program, ...rendered];
    const evaluation = evaluateConfiguredRules(rules, all, options.judgeProgram && v === 0 ? all : rendered);
    const releaseFindings: ReleaseFinding[] = [];
    for (const finding of evaluation.findings) {
      const release = owner.get(finding.resource);
      if (release !== undefined)
        releaseFindings.push({ release: release.release, urn: release.urn, object: renderedObjectName(release.release, finding.resource), finding });
    }
    if (v === 0) {
      first = { ...evaluation, releaseFindings };
    } else {
      const keys = new Set(releaseFindings.map((f) => findingKey(f.finding, f.release)));
      agreed = agreed === undefined ? keys : new Set([...agreed].filter((k) => keys.has(k)));
    }
  }
  const result = first as ReleaseEvaluation;
  if (agreed === undefined) return result;
  const kept = new Set(result.releaseFindings.filter((f) => (agreed as Set<string>).has(findingKey(f.finding, f.release))));
  const dropped = new Set(result.releaseFindings.filter((f) => !kept.has(f)).map((f) => f.finding));
  return { ...result, findings: result.findings.filter((f) => !dropped.has(f)), releaseFindings: [...kept] };
}
