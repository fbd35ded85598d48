// RoleBindings and ClusterRoleBindings: who gets a role. A binding to a group everyone belongs to (every authenticated
// user, every anonymous request, every service account) grants the role to the whole cluster; a binding to the
// built-in admin or edit roles grants what those roles will hold tomorrow (they aggregate every CRD's permissions).
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const RBAC = "rbac.authorization.k8s.io";

const isBinding = (r: PolicyResource) => isKind(r, RBAC, "RoleBinding") || isKind(r, RBAC, "ClusterRoleBinding");

/** Subjects that stand for everyone of a kind, and what they mean. */
const BROAD_SUBJECTS: Readonly<Record<string, string>> = {
  "system:authenticated": "every authenticated user and service account",
  "system:unauthenticated": "every anonymous request",
  "system:anonymous": "every anonymous request",
  "system:serviceaccounts": "every service account of every namespace",
};

/** What a subject stands for when it is everyone of a kind, or undefined. */
function broadSubject(kind: unknown, name: unknown): string | undefined {
  if (typeof name !== "string" || isUnknown(name)) return undefined;
  if ((kind === "Group" || kind === "User") && BROAD_SUBJECTS[name] !== undefined) return BROAD_SUBJECTS[name];
  if (kind === "Group" && name.startsWith("system:serviceaccounts:"))
    return `every service account of namespace "${name.slice("system:serviceaccounts:".length)}"`;
  return undefined;
}

const broadConfig = z.strictObject({
  allowedBindings: namePatterns("RoleBindings (namespace/name) and ClusterRoleBindings (name) allowed to name such groups, e.g. a public discovery role."),
});

/** No binding to everyone. */
export const rbacNoBroadSubjects: PolicyRule<z.infer<typeof broadConfig>> = {
  name: "rbac-no-broad-subjects",
  group: "rbac",
  description:
    "No binding names system:authenticated, system:unauthenticated, system:anonymous or system:serviceaccounts(:<namespace>): the role would go to every user, every anonymous request or every service account.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: broadConfig,
  appliesTo: isBinding,
  check(resource, config) {
    if (matchesNamePattern(config.allowedBindings, resource.ref.namespace, resource.ref.name)) return [];
    const found: Violation[] = [];
    listOf(resource.props.subjects).forEach((item, index) => {
      const subject = fieldsOf(item);
      const who = broadSubject(subject?.kind, subject?.name);
      if (who === undefined) return;
      found.push({
        path: `subjects[${index}].name`,
        message: `binds ${String(subject?.kind)} ${String(subject?.name)}, i.e. ${who}`,
        fix: "bind the role to the service accounts or groups that need it, by name",
      });
    });
    return found;
  },
};

/** The built-in user-facing ClusterRoles that aggregate every custom resource's permissions. */
const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  admin: "everything in a namespace but the namespace itself and its quota, including Roles, RoleBindings and Secrets",
  edit: "read and write of nearly everything in a namespace, Secrets included, and running pods as any of its service accounts",
};

const builtInConfig = z.strictObject({
  allowedBindings: namePatterns(
    "RoleBindings (namespace/name) and ClusterRoleBindings (name) allowed to grant admin or edit, e.g. a team's namespace administrators.",
  ),
});

/** No binding to the built-in admin and edit roles. */
export const rbacNoBuiltinRoleBinding: PolicyRule<z.infer<typeof builtInConfig>> = {
  name: "rbac-no-builtin-role-binding",
  group: "rbac",
  description:
    "No binding grants the built-in admin or edit ClusterRoles: they read every Secret of the namespace, and grow with every CustomResourceDefinition that aggregates into them.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: builtInConfig,
  appliesTo: isBinding,
  check(resource, config) {
    if (matchesNamePattern(config.allowedBindings, resource.ref.namespace, resource.ref.name)) return [];
    const roleRef = fieldsOf(resource.props.roleRef);
    const name = roleRef?.name;
    if (roleRef?.kind !== "ClusterRole" || typeof name !== "string" || BUILT_IN_ROLES[name] === undefined) return [];
    return [
      {
        path: "roleRef.name",
        message: `binds the built-in ${name} ClusterRole: ${BUILT_IN_ROLES[name]}`,
        fix: "bind a Role that lists the verbs and resources the subjects need",
      },
    ];
  },
};

/** The binding rules besides cluster-admin (which rbac.ts keeps). */
export const rbacBindingRules: readonly PolicyRule[] = [rbacNoBroadSubjects, rbacNoBuiltinRoleBinding] as PolicyRule[];
