/**
 * Reviewed exceptions written once per privilege: one object, the rules its privilege breaches, and why it is needed
 * (a ClusterRole that reads every Secret and edits webhook configurations breaches two rules for one purpose).
 */
import type { FeaturePolicyException } from "./feature";

/**
 * The rule a role breaches when it lists or watches Secrets (reading every one it can see). Its `get` without
 * resourceNames is then part of the same finding; `rbac-secret-get-by-name` is for a role that only gets them.
 */
export const READS_ALL_SECRETS = ["rbac-no-secret-list-watch"] as const;

/** One object's needed privilege. */
export interface NeededPrivilege {
  /** The object as findings name it: `<Kind> <namespace>/<name>`, or `<Kind> <name>` when cluster-scoped. */
  resource: string;
  /** The rules it breaches. */
  rules: readonly string[];
  /** Why the privilege is needed. */
  reason: string;
}

/** The exceptions of a release's (or, with `null`, the program's own) needed privileges, one per object and rule. */
export function reviewedExceptions(release: string | null, privileges: readonly NeededPrivilege[]): FeaturePolicyException[] {
  return privileges.flatMap(({ resource, rules, reason }) => rules.map((rule) => ({ rule, resource, reason, release })));
}
