// The rbac group: Roles and ClusterRoles grant named verbs on named resources, never everything, never the
// secrets of a whole namespace, never the verbs that let a subject grant itself more; nobody is bound to
// cluster-admin or made a member of system:masters.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const RBAC = "rbac.authorization.k8s.io";

const isRole = (r: PolicyResource) => isKind(r, RBAC, "Role") || isKind(r, RBAC, "ClusterRole");
const isBinding = (r: PolicyResource) => isKind(r, RBAC, "RoleBinding") || isKind(r, RBAC, "ClusterRoleBinding");

/** The known string entries of a list (unknown entries and non-strings are skipped: cannot tell). */
const strings = (value: unknown): string[] => listOf(value).filter((v): v is string => typeof v === "string" && !isUnknown(v));

/** One policy rule of a Role with its path. */
interface RoleRule {
  path: string;
  verbs: string[];
  resources: string[];
  apiGroups: string[];
  resourceNames: string[];
}

function roleRules(resource: PolicyResource): RoleRule[] {
  return listOf(resource.props.rules).flatMap((item, index) => {
    const rule = fieldsOf(item);
    if (rule === undefined) return [];
    return [
      {
        path: `rules[${index}]`,
        verbs: strings(rule.verbs),
        resources: strings(rule.resources),
        apiGroups: strings(rule.apiGroups),
        resourceNames: strings(rule.resourceNames),
      },
    ];
  });
}

const roleConfig = (what: string) => z.strictObject({ exemptRoles: namePatterns(`Roles (namespace/name) and ClusterRoles (name) allowed to ${what}.`) });

type RoleConfig = { exemptRoles: string[] };

/** A rule over the rules of Roles and ClusterRoles. */
function roleRule(spec: {
  name: string;
  description: string;
  what: string;
  judge: (rule: RoleRule, role: PolicyResource) => Violation[];
}): PolicyRule<RoleConfig> {
  return {
    name: spec.name,
    group: "rbac",
    description: spec.description,
    enforcementLevel: "mandatory",
    scope: "resource",
    config: roleConfig(spec.what),
    appliesTo: isRole,
    check(resource, config) {
      if (matchesNamePattern(config.exemptRoles, resource.ref.namespace, resource.ref.name)) return [];
      return roleRules(resource).flatMap((rule) => spec.judge(rule, resource));
    },
  };
}

/** No `*` in verbs or resources. */
export const rbacNoWildcards = roleRule({
  name: "rbac-no-wildcards",
  description: "Roles and ClusterRoles name their verbs and resources: a `*` grants today's and tomorrow's verbs and resources alike.",
  what: "use wildcards",
  judge(rule) {
    const found: Violation[] = [];
    if (rule.verbs.includes("*")) {
      found.push({
        path: `${rule.path}.verbs`,
        message: `${rule.path} grants every verb ("*")`,
        fix: "list the verbs the subject needs, e.g. get, list, watch",
      });
    }
    const wild = rule.resources.filter((r) => r.includes("*"));
    if (wild.length > 0) {
      found.push({
        path: `${rule.path}.resources`,
        message: `${rule.path} grants wildcard resources (${wild.join(", ")})`,
        fix: "list the resources (and subresources) the subject needs",
      });
    }
    return found;
  },
});

const READ_ALL = ["list", "watch", "*"];

/** No list/watch on secrets. */
export const rbacNoSecretListWatch = roleRule({
  name: "rbac-no-secret-list-watch",
  description:
    "No role may list or watch Secrets: list and watch return every secret's data in the namespace (or cluster); read named secrets with get and resourceNames.",
  what: "list or watch secrets",
  judge(rule) {
    const coreGroup = rule.apiGroups.includes("") || rule.apiGroups.includes("*");
    const secrets = rule.resources.includes("secrets") || rule.resources.includes("*");
    const verbs = rule.verbs.filter((v) => READ_ALL.includes(v));
    if (!coreGroup || !secrets || verbs.length === 0) return [];
    return [
      {
        path: `${rule.path}.verbs`,
        message: `${rule.path} lets the subject ${verbs.join("/")} secrets, i.e. read every secret it can see`,
        fix: 'grant only "get" on secrets with resourceNames naming the secrets the subject needs',
      },
    ];
  },
});

const ESCALATION_VERBS = ["escalate", "bind", "impersonate"];

/** No escalate, bind or impersonate. */
export const rbacNoEscalationVerbs = roleRule({
  name: "rbac-no-escalation-verbs",
  description: "No role may escalate, bind or impersonate: each lets the subject obtain permissions it was not granted.",
  what: "escalate, bind or impersonate",
  judge(rule) {
    const verbs = rule.verbs.filter((v) => ESCALATION_VERBS.includes(v) || v === "*");
    if (verbs.length === 0) return [];
    return [
      {
        path: `${rule.path}.verbs`,
        message: `${rule.path} grants ${verbs.map((v) => (v === "*" ? '"*" (which includes escalate, bind and impersonate)' : v)).join(", ")}`,
        fix: "remove escalate, bind and impersonate; grant the permissions themselves to whoever needs them",
      },
    ];
  },
});

const bindingConfig = z.strictObject({
  allowedBindings: namePatterns("RoleBindings (namespace/name) and ClusterRoleBindings (name) allowed to grant cluster-admin or system:masters."),
});

/** No binding to cluster-admin or system:masters. */
export const rbacNoClusterAdminBinding: PolicyRule<z.infer<typeof bindingConfig>> = {
  name: "rbac-no-cluster-admin-binding",
  group: "rbac",
  description: "No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole or names the system:masters group: both bypass every other control.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: bindingConfig,
  appliesTo: isBinding,
  check(resource, config) {
    if (matchesNamePattern(config.allowedBindings, resource.ref.namespace, resource.ref.name)) return [];
    const found: Violation[] = [];
    const roleRef = fieldsOf(resource.props.roleRef);
    if (roleRef?.name === "cluster-admin" && (roleRef.kind === "ClusterRole" || roleRef.kind === undefined)) {
      found.push({ path: "roleRef.name", message: "binds the cluster-admin ClusterRole", fix: "bind a Role with the verbs and resources the subjects need" });
    }
    listOf(resource.props.subjects).forEach((item, index) => {
      const subject = fieldsOf(item);
      if (subject?.kind === "Group" && subject.name === "system:masters") {
        found.push({
          path: `subjects[${index}].name`,
          message: "names the system:masters group, whose members bypass RBAC and every webhook authorizer",
          fix: "remove the subject; grant a bounded role to a dedicated group",
        });
      }
    });
    return found;
  },
};

/** The rules of the rbac group. */
export const rbacRules: readonly PolicyRule[] = [rbacNoWildcards, rbacNoClusterAdminBinding, rbacNoSecretListWatch, rbacNoEscalationVerbs] as PolicyRule[];
