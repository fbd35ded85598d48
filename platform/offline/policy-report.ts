// The policy report of a whole stack, as the offline plan writes it: every rule of the pack over every resource
// the program registered (Kubernetes objects, Helm releases, AWS resources) and, when the charts were rendered,
// every object the Helm releases put on the cluster, under the stack's pack configuration (its reviewed exceptions).
import type { RecordedResource } from "./recorded-resource";
import { evaluateReleases, renderedPolicyResource, type ReleaseFinding } from "@ecommerce-security/helm-charts";
import {
  ALL_RULES,
  configureGroups,
  fromPulumiResource,
  hasMandatory,
  markdownReport,
  type ExceptedFinding,
  type Finding,
  type PackConfig,
  type PolicyResource,
  type StaleException,
} from "@ecommerce-security/policy-rules";

/** The stack's resources as rules read them: custom resources only (components have no properties to judge). */
export function policyResourcesOf(resources: readonly RecordedResource[]): PolicyResource[] {
  return resources.filter((r) => r.custom).map((r) => fromPulumiResource({ type: r.type, name: r.name, props: r.inputs }));
}

/** The report of one stack. */
export interface StackPolicyReport {
  /** Every finding that stands. */
  findings: Finding[];
  /** Findings the stack's reviewed exceptions cover, with their reasons. */
  excepted: ExceptedFinding[];
  /** Reviewed exceptions that covered nothing. */
  stale: StaleException[];
  /** The findings on objects the Helm releases render, each named `<release>/<kind>/<name>` (also in `findings`). */
  releaseFindings: ReleaseFinding[];
  /** Whether a mandatory finding blocks the stack. */
  blocked: boolean;
  /** policy-report.json: the findings, the excepted findings and the stale exceptions. */
  json: string;
  /** policy-report.md: a readable summary and table. */
  markdown: string;
}

/** What the report judges besides the program's resources, and how. */
export interface StackPolicyReportOptions {
  /** The objects each Helm release renders (the plan's `--render-charts`). */
  renderedReleases?: ReadonlyArray<{ release: string; objects: readonly Record<string, unknown>[] }>;
  /** The stack's pack configuration (platform/policy-pack-config.ts): its reviewed exceptions. */
  packConfig?: PackConfig;
}

/** Runs the whole pack over a stack's recorded resources (and rendered chart objects). */
export function stackPolicyReport(stack: string, resources: readonly RecordedResource[], options: StackPolicyReportOptions = {}): StackPolicyReport {
  const program = policyResourcesOf(resources);
  // The rendered objects judged beside the program's, as the policy pack judges them at preview.
  const releases = (options.renderedReleases ?? []).map((r) => ({ release: r.release, variants: [r.objects.map((o) => renderedPolicyResource(o))] }));
  const { findings, excepted, stale, releaseFindings } = evaluateReleases(configureGroups(undefined, options.packConfig), program, releases);
  const policyResources = [...program, ...releases.flatMap((r) => r.variants[0])];
  return {
    findings,
    excepted,
    stale,
    releaseFindings,
    blocked: hasMandatory(findings),
    json: `${JSON.stringify({ findings, excepted, stale }, null, 2)}\n`,
    markdown: markdownReport(`Policy report: stack ${stack}`, findings, ALL_RULES, policyResources.length, { excepted, stale }),
  };
}
