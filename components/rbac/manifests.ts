/**
 * RBAC derived from the catalog, and the least-privilege rules every Role and ClusterRole of this program follows:
 * - one ServiceAccount per service, with no API token mounted unless the catalog says the service needs the API;
 * - a Role that may `get` exactly the Secrets and ConfigMaps the catalog grants (by `resourceNames`), and its binding;
 * - no wildcard (`*`) in verbs, resources, API groups or non-resource URLs, no privilege-escalating verbs,
 *   and nothing ever bound to `cluster-admin`.
 * ClusterRoles that operators and agents need are created by their components through {@link leastPrivilegeClusterRole}.
 */
import type { ServiceDefinition } from "../../core/catalog";
import { componentLabels } from "../../core/labels";
import type { RegistryPullSecret } from "../../core/registry-pull-secret";

const RBAC_API = "rbac.authorization.k8s.io/v1";

/** Verbs a rule may grant. `escalate`, `bind` and `impersonate` are left out: they let a subject exceed its own rights. */
export type RbacVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

/** A Role/ClusterRole rule. */
export interface RbacRule {
  /** API groups ("" is the core group). */
  apiGroups: string[];
  /** Resource names (plural, optionally `/subresource`). */
  resources: string[];
  /** Allowed verbs. */
  verbs: RbacVerb[];
  /** Restrict to these object names (not usable with list/watch/create). */
  resourceNames?: string[];
}

/** Roles nothing in this program may bind: they grant everything (or nearly) cluster- or namespace-wide. */
export const FORBIDDEN_ROLES = ["cluster-admin", "admin", "edit"] as const;

/** A rule or binding that breaks least privilege, thrown by the builders so a component cannot render it. */
export class RbacError extends Error {
  constructor(readonly problems: string[]) {
    super(`least-privilege RBAC refused:\n  ${problems.join("\n  ")}`);
    this.name = "RbacError";
  }
}

/**
 * The ServiceAccount of a service: no token mounted unless `needsKubernetesApi` (Istio's sidecar has its own token),
 * and the registry pull secret in `imagePullSecrets` when the stack syncs one into its namespace.
 */
export function serviceAccountManifest(service: ServiceDefinition, pullSecret?: RegistryPullSecret) {
  const pullsWith = pullSecret?.namespaces.includes(service.namespace) ? [{ name: pullSecret.name }] : [];
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: service.serviceAccount,
      namespace: service.namespace,
      labels: { ...componentLabels("rbac"), "ecommerce.example.com/service": service.name },
    },
    automountServiceAccountToken: service.needsKubernetesApi,
    ...(pullsWith.length > 0 ? { imagePullSecrets: pullsWith } : {}),
  };
}

/** The rules a service's Role grants: `get` on its Secrets and ConfigMaps by name; none when the catalog grants none. */
export function serviceRoleRules(service: ServiceDefinition): RbacRule[] {
  const rules: RbacRule[] = [];
  if (service.secrets.length > 0) rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: [...new Set(service.secrets)] });
  if (service.configMaps.length > 0)
    rules.push({ apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: [...new Set(service.configMaps)] });
  return rules;
}

/** The Role and RoleBinding of a service (named after it); empty when it may read nothing. */
export function serviceRoleManifests(service: ServiceDefinition) {
  const rules = serviceRoleRules(service);
  if (rules.length === 0) return [];
  assertLeastPrivilege(rules, `Role ${service.namespace}/${service.name}`);
  const metadata = { name: service.name, namespace: service.namespace, labels: { ...componentLabels("rbac"), "ecommerce.example.com/service": service.name } };
  return [
    { apiVersion: RBAC_API, kind: "Role", metadata, rules },
    {
      apiVersion: RBAC_API,
      kind: "RoleBinding",
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: service.name },
      subjects: [{ kind: "ServiceAccount", name: service.serviceAccount, namespace: service.namespace }],
    },
  ];
}

/** Every RBAC object the catalog implies: per service its ServiceAccount, then its Role and RoleBinding. */
export function catalogRbac(catalog: readonly ServiceDefinition[], pullSecret?: RegistryPullSecret) {
  return catalog.flatMap((s) => [serviceAccountManifest(s, pullSecret), ...serviceRoleManifests(s)]);
}

/** Why a set of rules is not least privilege (empty when it is). `where` names the role in each message. */
export function leastPrivilegeProblems(rules: readonly RbacRule[], where: string): string[] {
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    const at = `${where} rules[${i}]`;
    const r = rule as RbacRule & { nonResourceURLs?: string[]; verbs: string[] };
    for (const field of ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"] as const) {
      const values = (r as unknown as Record<string, string[] | undefined>)[field] ?? [];
      if (values.some((v) => v.includes("*"))) problems.push(`${at}.${field}: wildcard ${JSON.stringify(values)}; list exactly what is needed`);
    }
    for (const verb of r.verbs) {
      if (["escalate", "bind", "impersonate"].includes(verb)) problems.push(`${at}.verbs: "${verb}" lets the subject exceed its own rights`);
    }
    if (r.verbs.length === 0) problems.push(`${at}.verbs: empty; a rule must grant at least one verb`);
    if (r.resourceNames?.length === 0) problems.push(`${at}.resourceNames: empty list means every object; leave it out or name the objects`);
  });
  return problems;
}

function assertLeastPrivilege(rules: readonly RbacRule[], where: string): void {
  const problems = leastPrivilegeProblems(rules, where);
  if (problems.length > 0) throw new RbacError(problems);
}

/** Arguments of {@link leastPrivilegeClusterRole}. */
export interface ClusterRoleRequest {
  /** ClusterRole name, e.g. `fluent-bit-read-pods`. */
  name: string;
  /** The component that needs it (`logging`, `scanning`), recorded in its labels. */
  component: string;
  /** Why the component needs cluster-wide rights, recorded as an annotation for reviewers. */
  reason: string;
  /** The rules, each with the fewest verbs; checked by {@link leastPrivilegeProblems}. */
  rules: RbacRule[];
  /** ServiceAccounts bound to it (a ClusterRoleBinding is rendered when given). */
  subjects?: Array<{ name: string; namespace: string }>;
}

/**
 * A ClusterRole (and its ClusterRoleBinding to the given ServiceAccounts) for an operator or agent.
 * @throws {RbacError} when a rule has a wildcard or an escalating verb, or the name is a built-in admin role.
 */
export function leastPrivilegeClusterRole(req: ClusterRoleRequest) {
  const problems = leastPrivilegeProblems(req.rules, `ClusterRole ${req.name}`);
  if ((FORBIDDEN_ROLES as readonly string[]).includes(req.name)) problems.push(`ClusterRole ${req.name}: built-in role names may not be redefined`);
  if (problems.length > 0) throw new RbacError(problems);
  const metadata = { name: req.name, labels: componentLabels(req.component), annotations: { "ecommerce.example.com/reason": req.reason } };
  const role = { apiVersion: RBAC_API, kind: "ClusterRole", metadata, rules: req.rules };
  if (!req.subjects || req.subjects.length === 0) return [role];
  return [
    role,
    {
      apiVersion: RBAC_API,
      kind: "ClusterRoleBinding",
      metadata: { name: req.name, labels: componentLabels(req.component) },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: req.name },
      subjects: req.subjects.map((s) => ({ kind: "ServiceAccount", name: s.name, namespace: s.namespace })),
    },
  ];
}

/** A rendered object as {@link rbacProblems} reads it. */
interface RbacObjectView {
  kind: string;
  metadata: { name?: string; namespace?: string };
  rules?: unknown;
  roleRef?: unknown;
}

/**
 * Least-privilege problems in any set of rendered objects (the whole stack, a Helm chart's output): wildcards and
 * escalating verbs in Roles/ClusterRoles, and bindings to cluster-admin, admin or edit.
 */
export function rbacProblems(objects: readonly RbacObjectView[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const id = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
    if ((o.kind === "Role" || o.kind === "ClusterRole") && Array.isArray(o.rules)) problems.push(...leastPrivilegeProblems(o.rules as RbacRule[], id));
    if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") {
      const ref = o.roleRef as { kind?: string; name?: string } | undefined;
      if (ref?.kind === "ClusterRole" && (FORBIDDEN_ROLES as readonly string[]).includes(ref.name ?? "")) problems.push(`${id}: binds ${ref.name}`);
    }
  }
  return problems;
}
