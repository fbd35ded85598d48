/**
 * What a ServiceAccount may read, evaluated the way the API server's RBAC authorizer grants it: every RoleBinding of
 * its namespace and every ClusterRoleBinding whose subjects name it (directly, or through the groups every
 * ServiceAccount token carries: `system:serviceaccounts`, `system:serviceaccounts:<namespace>`,
 * `system:authenticated`), each rule of the Role or ClusterRole referred to. Only the objects given are seen (the
 * plan's): the cluster's built-in bindings grant a ServiceAccount no Secret.
 */
import type { KubernetesObject } from "../../platform/offline/recorded-resource";

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}
interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}
type Binding = KubernetesObject & { roleRef: { kind: string; name: string }; subjects?: Subject[] };
type RoleObject = KubernetesObject & { rules?: Rule[] };

/** A ServiceAccount: its namespace and name. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** What a subject may read of one resource in one namespace: every object (`all`), or these names. */
export type ReadAccess = { all: true } | { all: false; names: string[] };

const READ_VERBS = ["get", "list", "watch", "*"];

function subjectIsServiceAccount(subject: Subject, sa: ServiceAccountRef, bindingNamespace: string | undefined): boolean {
  if (subject.kind === "ServiceAccount") return subject.name === sa.name && (subject.namespace ?? bindingNamespace) === sa.namespace;
  if (subject.kind === "Group") return ["system:serviceaccounts", `system:serviceaccounts:${sa.namespace}`, "system:authenticated"].includes(subject.name);
  if (subject.kind === "User") return subject.name === `system:serviceaccount:${sa.namespace}:${sa.name}`;
  return false;
}

/**
 * The objects of `resource` (core API group) in `namespace` that `sa` may read with `get`, `list` or `watch`: `list`
 * or `watch` on a resource, or a rule without resourceNames, reads every object of it.
 */
export function readAccess(objects: readonly KubernetesObject[], sa: ServiceAccountRef, resource: string, namespace: string = sa.namespace): ReadAccess {
  const roles = new Map<string, RoleObject>();
  for (const o of objects) {
    if (o.kind === "Role") roles.set(`Role/${o.metadata.namespace}/${o.metadata.name}`, o as RoleObject);
    if (o.kind === "ClusterRole") roles.set(`ClusterRole/${o.metadata.name}`, o as RoleObject);
  }
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind !== "RoleBinding" && o.kind !== "ClusterRoleBinding") continue;
    const binding = o as Binding;
    // A RoleBinding grants in its own namespace only; a ClusterRoleBinding everywhere.
    if (o.kind === "RoleBinding" && o.metadata.namespace !== namespace) continue;
    if (!(binding.subjects ?? []).some((s) => subjectIsServiceAccount(s, sa, o.metadata.namespace))) continue;
    const role =
      binding.roleRef.kind === "ClusterRole"
        ? roles.get(`ClusterRole/${binding.roleRef.name}`)
        : roles.get(`Role/${o.metadata.namespace}/${binding.roleRef.name}`);
    for (const rule of role?.rules ?? []) {
      const groups = rule.apiGroups ?? [];
      const resources = rule.resources ?? [];
      const verbs = rule.verbs ?? [];
      if (!groups.includes("") && !groups.includes("*")) continue;
      if (!resources.includes(resource) && !resources.includes("*")) continue;
      const readVerbs = verbs.filter((v) => READ_VERBS.includes(v));
      if (readVerbs.length === 0) continue;
      const everything = readVerbs.some((v) => v !== "get") || !rule.resourceNames || rule.resourceNames.length === 0;
      if (everything) return { all: true };
      for (const n of rule.resourceNames!) names.add(n);
    }
  }
  return { all: false, names: [...names].sort() };
}
