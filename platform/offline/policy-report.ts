// The policy report of a whole stack, as the offline plan writes it: every rule of the pack over every resource
// the program registered (Kubernetes objects, Helm releases, AWS resources), in the finding shape of policy:check.
import type { RecordedResource } from "./recorded-resource";
import { ALL_RULES, fromPulumiResource, hasMandatory, markdownReport, runPolicies, type Finding, type PolicyResource } from "@ecommerce-security/policy-rules";

/** The stack's resources as rules read them: custom resources only (components have no properties to judge). */
export function policyResourcesOf(resources: readonly RecordedResource[]): PolicyResource[] {
  return resources.filter((r) => r.custom).map((r) => fromPulumiResource({ type: r.type, name: r.name, props: r.inputs }));
}

/** The report of one stack. */
export interface StackPolicyReport {
  /** Every finding. */
  findings: Finding[];
  /** Whether a mandatory finding blocks the stack. */
  blocked: boolean;
  /** policy-report.json: the findings array. */
  json: string;
  /** policy-report.md: a readable summary and table. */
  markdown: string;
}

/** Runs the whole pack (default configuration) over a stack's recorded resources. */
export function stackPolicyReport(stack: string, resources: readonly RecordedResource[]): StackPolicyReport {
  const policyResources = policyResourcesOf(resources);
  const findings = runPolicies(policyResources);
  return {
    findings,
    blocked: hasMandatory(findings),
    json: `${JSON.stringify(findings, null, 2)}\n`,
    markdown: markdownReport(`Policy report: stack ${stack}`, findings, ALL_RULES, policyResources.length),
  };
}
