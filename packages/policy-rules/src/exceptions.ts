// Reviewed exceptions: a privilege a workload genuinely needs (cert-manager reading every Secret to issue
// certificates) is not a rule switched off but a named breach, by one object of one rule, with the reviewer's reason.
// Every rule's configuration takes `exceptions`; a finding they cover is reported apart with its reason, never
// silently dropped, and an exception that covers nothing is reported as stale so none outlives what it excused.
import { z } from "zod";
import { describeRef } from "./resource";
import type { Finding, ResourceRef } from "./types";

/** One reviewed exception of a rule. */
export const policyException = z.strictObject({
  resource: z
    .string()
    .regex(/^[A-Za-z][\w.:/-]* \S+$/, "must be '<Kind> <namespace>/<name>' or '<Kind> <name>' for a cluster-scoped object")
    .describe("The object the exception covers, as findings name it: `<Kind> <namespace>/<name>` (`ClusterRole <name>` when cluster-scoped)."),
  reason: z.string().trim().min(20, "must say why the privilege is needed (at least 20 characters)").describe("Why the breach is needed and was accepted."),
});

/** A reviewed exception as configured. */
export type PolicyException = z.infer<typeof policyException>;

/** The `exceptions` property every rule's configuration takes. */
export const policyExceptions = z
  .array(policyException)
  .default([])
  .describe("Reviewed exceptions: objects allowed to breach this rule, each with the reason it was accepted. Shown in reports, never silent.");

/** A finding a reviewed exception covers. */
export interface ExceptedFinding extends Finding {
  /** The reviewer's reason. */
  reason: string;
  /** The rule's own exemption that excused it (a Pod Security workload exemption), when it was not an exception. */
  exemption?: string;
}

/** An exception that covered no finding: the object changed or is gone, so the exception should go. */
export interface StaleException extends PolicyException {
  /** The rule it was configured on. */
  policy: string;
}

/** Whether an exception covers a resource (`ref` as findings name it). */
export function coversResource(exception: PolicyException, ref: ResourceRef): boolean {
  return exception.resource === describeRef(ref);
}

/**
 * Splits one rule's findings into the ones that stand and the ones its exceptions cover (as they were, and with the
 * reason); lists unused exceptions.
 */
export function applyExceptions(
  policy: string,
  findings: readonly Finding[],
  exceptions: readonly PolicyException[],
): { findings: Finding[]; covered: Finding[]; excepted: ExceptedFinding[]; stale: StaleException[] } {
  const used = new Set<PolicyException>();
  const standing: Finding[] = [];
  const covered: Finding[] = [];
  const excepted: ExceptedFinding[] = [];
  for (const finding of findings) {
    const exception = exceptions.find((e) => coversResource(e, finding.resource));
    if (exception === undefined) {
      standing.push(finding);
    } else {
      used.add(exception);
      covered.push(finding);
      excepted.push({ ...finding, reason: exception.reason });
    }
  }
  const stale = exceptions.filter((e) => !used.has(e)).map((e) => ({ policy, ...e }));
  return { findings: standing, covered, excepted, stale };
}
