/**
 * Which level the policy gives a request: the first rule that matches wins, as kube-apiserver evaluates it.
 * Used by the tests and by anyone checking what a change to the policy does to a given request.
 */
import type { AuditLevel, AuditPolicy, AuditRule } from "./policy";

/** A request as the audit policy sees it. */
export interface AuditRequest {
  user: string;
  groups?: string[];
  verb: string;
  /** API group ("" for core). */
  group?: string;
  /** Resource, with `/subresource` when there is one. */
  resource?: string;
  namespace?: string;
  /** Non-resource URL path (`/healthz`). */
  path?: string;
}

/** Glob of nonResourceURLs: a trailing `*` matches any suffix. */
function urlMatches(pattern: string, path: string): boolean {
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** A resource entry matches `pods/exec` by name, `pods/*` for every subresource, `*` or `*\/x` as upstream allows. */
function resourceMatches(names: string[] | undefined, resource: string): boolean {
  if (!names || names.length === 0) return true;
  const [res, sub] = resource.split("/");
  return names.some((n) => {
    if (n === "*") return true;
    if (n === resource) return true;
    if (sub !== undefined && n === `${res}/*`) return true;
    if (sub !== undefined && n === `*/${sub}`) return true;
    return false;
  });
}

function ruleMatches(rule: AuditRule, r: AuditRequest): boolean {
  if (rule.users && !rule.users.includes(r.user)) return false;
  if (rule.userGroups && !rule.userGroups.some((g) => (r.groups ?? []).includes(g))) return false;
  if (rule.verbs && !rule.verbs.includes(r.verb)) return false;
  if (r.path !== undefined) {
    if (rule.resources || rule.namespaces) return false;
    return !rule.nonResourceURLs || rule.nonResourceURLs.some((p) => urlMatches(p, r.path!));
  }
  if (rule.nonResourceURLs) return false;
  if (rule.namespaces && !rule.namespaces.includes(r.namespace ?? "")) return false;
  if (rule.resources) {
    return rule.resources.some((gr) => gr.group === (r.group ?? "") && resourceMatches(gr.resources, r.resource ?? ""));
  }
  return true;
}

/** The level of a request and the index of the deciding rule (-1: no rule, level None). */
export function auditLevelOf(policy: AuditPolicy, r: AuditRequest): { level: AuditLevel; rule: number } {
  const rule = policy.rules.findIndex((x) => ruleMatches(x, r));
  return { level: rule === -1 ? "None" : policy.rules[rule].level, rule };
}
