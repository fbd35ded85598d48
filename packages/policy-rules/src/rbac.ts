// The rbac group: Roles and ClusterRoles grant named verbs on named resources, never everything, never the
// secrets of a whole namespace, never the verbs that let a subject grant itself more; nobody is bound to
// cluster-admin or made a member of system:masters.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import { rbacBindingRules } from "./rbac-bindings";
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
  nonResourceURLs: string[];
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
        nonResourceURLs: strings(rule.nonResourceURLs),
      },
    ];
  });
}

/**
 * Whether a rule's resources cover `resource` (`pods/exec`) as the RBAC authorizer matches them: `*`, the resource
 * itself, `pods/*` for every subresource of pods, `*` + `/exec` for that subresource of every resource.
 */
export function coversResource(resources: readonly string[], resource: string): boolean {
  const slash = resource.indexOf("/");
  return resources.some(
    (r) => r === "*" || r === resource || (slash >= 0 && (r === `${resource.slice(0, slash)}/*` || r === `*/${resource.slice(slash + 1)}`)),
  );
}

/** Whether a rule's apiGroups cover `group` ("" is the core group). */
const coversGroup = (groups: readonly string[], group: string) => groups.includes("*") || groups.includes(group);

/** The verbs of `wanted` a rule grants (all of them when it grants "*"). */
const grantedVerbs = (verbs: readonly string[], wanted: readonly string[]) => (verbs.includes("*") ? [...wanted] : wanted.filter((v) => verbs.includes(v)));

/** What a role rule grants of a dangerous permission: the verbs and resources matched, or undefined. */
export interface Permission {
  /** API group ("" for core). */
  group: string;
  /** Resources, subresources as `pods/exec`. */
  resources: readonly string[];
  /** The verbs that make it dangerous. */
  verbs: readonly string[];
}

/** The verbs and resources of `permission` that a role rule grants (nothing for a rule with no resources). */
function granted(rule: RoleRule, permission: Permission): { verbs: string[]; resources: string[] } | undefined {
  if (!coversGroup(rule.apiGroups, permission.group)) return undefined;
  const resources = permission.resources.filter((r) => coversResource(rule.resources, r));
  const verbs = grantedVerbs(rule.verbs, permission.verbs);
  return resources.length === 0 || verbs.length === 0 ? undefined : { verbs, resources };
}

/** How a rule's verbs are named in a message: `"*" (every verb)` or the list. */
const verbText = (rule: RoleRule, verbs: readonly string[]) => (rule.verbs.includes("*") ? `"*" (so ${verbs.join(", ")})` : verbs.join(", "));

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
  description:
    "Roles and ClusterRoles name their verbs, resources, API groups and non-resource URLs: a `*` grants today's and tomorrow's verbs, resources and API groups alike.",
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
    if (rule.apiGroups.includes("*")) {
      found.push({
        path: `${rule.path}.apiGroups`,
        message: `${rule.path} grants its resources in every API group ("*"), including those of CustomResourceDefinitions installed later`,
        fix: 'list the API groups ("" for core, "apps", ...) the subject needs',
      });
    }
    const urls = rule.nonResourceURLs.filter((u) => u.includes("*"));
    if (urls.length > 0) {
      found.push({
        path: `${rule.path}.nonResourceURLs`,
        message: `${rule.path} grants wildcard non-resource URLs (${urls.join(", ")}), every API server endpoint outside resources (e.g. /metrics, /debug)`,
        fix: "list the URLs the subject needs, e.g. /healthz, /metrics",
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

/**
 * The verbs that let a subject obtain permissions it was not granted, and the only resources they apply to: escalate
 * and bind on roles and clusterroles, impersonate on users, groups, service accounts, UIDs and user extras. On any
 * other resource (configmaps, the scale subresources) these verbs do not exist, so "*" there grants none of them.
 */
const ESCALATION_PERMISSIONS: ReadonlyArray<{ verb: string; targets: readonly Permission[] }> = [
  { verb: "escalate", targets: [{ group: "rbac.authorization.k8s.io", resources: ["roles", "clusterroles"], verbs: ["escalate"] }] },
  { verb: "bind", targets: [{ group: "rbac.authorization.k8s.io", resources: ["roles", "clusterroles"], verbs: ["bind"] }] },
  {
    verb: "impersonate",
    targets: [
      { group: "", resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] },
      { group: "authentication.k8s.io", resources: ["uids", "userextras/*"], verbs: ["impersonate"] },
    ],
  },
];

/** No escalate, bind or impersonate. */
export const rbacNoEscalationVerbs = roleRule({
  name: "rbac-no-escalation-verbs",
  description:
    "No role may escalate or bind roles, or impersonate users, groups or service accounts: each lets the subject obtain permissions it was not granted (the verbs exist only on those resources, so '*' elsewhere is not reported).",
  what: "escalate, bind or impersonate",
  judge(rule) {
    const found: string[] = [];
    for (const { verb, targets } of ESCALATION_PERMISSIONS) {
      const on = targets.flatMap((t) => granted(rule, t)?.resources ?? []);
      if (on.length > 0) found.push(`${verb} on ${on.join(", ")}`);
    }
    if (found.length === 0) return [];
    return [
      {
        path: `${rule.path}.verbs`,
        message: `${rule.path} grants ${rule.verbs.includes("*") ? '"*", which includes ' : ""}${found.join("; ")}`,
        fix: "remove escalate, bind and impersonate; grant the permissions themselves to whoever needs them",
      },
    ];
  },
});

/** A rule that forbids some dangerous permissions. */
function permissionRule(spec: { name: string; description: string; what: string; permissions: readonly Permission[]; risk: string; fix: string }) {
  return roleRule({
    name: spec.name,
    description: spec.description,
    what: spec.what,
    judge(rule) {
      const hits = spec.permissions.flatMap((p) => {
        const g = granted(rule, p);
        return g === undefined ? [] : [`${verbText(rule, g.verbs)} on ${g.resources.join(", ")}`];
      });
      if (hits.length === 0) return [];
      return [{ path: rule.path, message: `${rule.path} grants ${hits.join("; ")}: ${spec.risk}`, fix: spec.fix }];
    },
  });
}

/** No get on secrets without resourceNames. */
export const rbacSecretGetByName = roleRule({
  name: "rbac-secret-get-by-name",
  description:
    "A role that reads Secrets with get names them in resourceNames: get without names reads any secret whose name the subject knows or guesses (a rule that also lists or watches them is reported by rbac-no-secret-list-watch).",
  what: "get any secret",
  judge(rule) {
    const g = granted(rule, { group: "", resources: ["secrets"], verbs: ["get"] });
    if (g === undefined || rule.resourceNames.length > 0) return [];
    // Listing already returns every secret: that broader grant is rbac-no-secret-list-watch's finding.
    if (granted(rule, { group: "", resources: ["secrets"], verbs: READ_ALL }) !== undefined) return [];
    return [
      {
        path: `${rule.path}.resourceNames`,
        message: `${rule.path} lets the subject get any secret (no resourceNames)`,
        fix: "list the secrets the subject reads in resourceNames",
      },
    ];
  },
});

/** No exec, attach or ephemeral containers in pods. */
export const rbacNoPodExec = permissionRule({
  name: "rbac-no-pod-exec",
  description:
    "No role may exec or attach into pods or add ephemeral containers to them: each runs commands inside the pod, with its service account token, its secrets and its network identity.",
  what: "exec, attach or add ephemeral containers",
  permissions: [
    { group: "", resources: ["pods/exec", "pods/attach"], verbs: ["create", "get"] },
    { group: "", resources: ["pods/ephemeralcontainers"], verbs: ["patch", "update"] },
  ],
  risk: "a shell in any pod it can name, with that pod's credentials",
  fix: "remove the permission; debug through logs and metrics, or grant it for a session through a break-glass role",
});

/** No service account token requests. */
export const rbacNoTokenRequest = permissionRule({
  name: "rbac-no-token-request",
  description:
    "No role may create service account tokens (serviceaccounts/token): the subject could mint a token for any service account it can name, and act as it.",
  what: "create service account tokens",
  permissions: [{ group: "", resources: ["serviceaccounts/token"], verbs: ["create"] }],
  risk: "it can mint tokens for those service accounts and act as them",
  fix: "remove the permission; pods get their own token through a projected volume",
});

/** No kubelet API through nodes/proxy. */
export const rbacNoNodeProxy = permissionRule({
  name: "rbac-no-node-proxy",
  description: "No role may use nodes/proxy: it reaches the kubelet API, which runs commands in any pod of the node and bypasses admission and audit.",
  what: "use nodes/proxy",
  permissions: [{ group: "", resources: ["nodes/proxy"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] }],
  risk: "the kubelet API of every node (exec into any pod, outside admission and audit)",
  fix: "remove the permission; read node metrics through the metrics API or nodes/metrics",
});

/** No certificate signing request approval. */
export const rbacNoCsrApproval = permissionRule({
  name: "rbac-no-csr-approval",
  description:
    "No role may approve certificate signing requests (certificatesigningrequests/approval, or approve on signers): the subject could issue itself a client certificate for any user or group, system:masters included.",
  what: "approve certificate signing requests",
  permissions: [
    { group: "certificates.k8s.io", resources: ["certificatesigningrequests/approval"], verbs: ["update", "patch"] },
    { group: "certificates.k8s.io", resources: ["signers"], verbs: ["approve"] },
  ],
  risk: "it can approve a certificate for any identity",
  fix: "remove the permission; leave approval to the controllers of the signers (and a person for the rest)",
});

/** No edits of admission webhook and policy configurations. */
export const rbacNoAdmissionConfigEdit = permissionRule({
  name: "rbac-no-admission-config-edit",
  description:
    "No role may create, change or delete admission webhook configurations or admission policies: the subject could switch off the controls that admission enforces, or send every object to a webhook of its own.",
  what: "edit admission configuration",
  permissions: [
    {
      group: "admissionregistration.k8s.io",
      resources: [
        "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations",
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
        "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings",
      ],
      verbs: ["create", "update", "patch", "delete", "deletecollection"],
    },
  ],
  risk: "it can disable admission controls or intercept every object",
  fix: "remove the permission; admission configuration is deployed by the platform's pipeline, not by a workload",
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
export const rbacRules: readonly PolicyRule[] = [
  rbacNoWildcards,
  rbacNoClusterAdminBinding,
  ...rbacBindingRules,
  rbacNoSecretListWatch,
  rbacSecretGetByName,
  rbacNoEscalationVerbs,
  rbacNoPodExec,
  rbacNoTokenRequest,
  rbacNoNodeProxy,
  rbacNoCsrApproval,
  rbacNoAdmissionConfigEdit,
] as PolicyRule[];
