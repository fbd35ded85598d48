/**
 * The Kubernetes audit policy (audit.k8s.io/v1) users hand to kube-apiserver (`--audit-policy-file`).
 * Rules are evaluated in order and the first match decides the level, so the order below is the design:
 *   1. read-only noise from the control plane and health endpoints: dropped;
 *   2. credentials (Secrets, TokenRequests, TokenReviews): Metadata only, so no secret value or token ever
 *      reaches the audit log, whatever the verb;
 *   3. interactive access to pods and nodes (exec, attach, port-forward, ephemeral containers, proxy): RequestResponse;
 *   4. changes to RBAC, ServiceAccounts, admission webhooks/policies and namespaces (Pod Security labels): RequestResponse;
 *   5. ConfigMap changes: Request (the new content, without echoing it back);
 *   6. everything else: Metadata (who did what to which object, when, from where).
 * `RequestReceived` is omitted everywhere: the ResponseComplete event carries the same metadata.
 */

/** Audit levels, least to most detailed. */
export type AuditLevel = "None" | "Metadata" | "Request" | "RequestResponse";

/** A group and resources of a rule (`pods/exec` names a subresource). */
export interface GroupResources {
  group: string;
  resources?: string[];
}

/** One rule of the policy. */
export interface AuditRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  omitStages?: string[];
}

/** The policy object. */
export interface AuditPolicy {
  apiVersion: "audit.k8s.io/v1";
  kind: "Policy";
  metadata: { name: string };
  omitStages: string[];
  rules: AuditRule[];
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "update", "patch", "delete", "deletecollection"];

/** The audit policy of this platform. */
export function auditPolicy(): AuditPolicy {
  return {
    apiVersion: "audit.k8s.io/v1",
    kind: "Policy",
    metadata: { name: "ecommerce-security" },
    omitStages: ["RequestReceived"],
    rules: [
      // 1. Noise: the control plane's own reads and heartbeats, health and version probes, events.
      {
        level: "None",
        users: ["system:kube-proxy"],
        verbs: ["watch"],
        resources: [
          { group: "", resources: ["endpoints", "services", "services/status"] },
          { group: "discovery.k8s.io", resources: ["endpointslices"] },
        ],
      },
      { level: "None", userGroups: ["system:nodes"], verbs: READ, resources: [{ group: "", resources: ["nodes", "nodes/status"] }] },
      {
        level: "None",
        users: ["system:kube-controller-manager", "system:kube-scheduler", "system:serviceaccount:kube-system:endpoint-controller"],
        verbs: ["get", "update"],
        namespaces: ["kube-system"],
        resources: [{ group: "", resources: ["endpoints"] }],
      },
      {
        level: "None",
        verbs: ["get", "update", "watch", "list"],
        resources: [{ group: "coordination.k8s.io", resources: ["leases"] }],
        userGroups: ["system:nodes", "system:serviceaccounts:kube-system"],
      },
      {
        level: "None",
        users: ["system:apiserver"],
        verbs: ["get"],
        resources: [{ group: "", resources: ["namespaces", "namespaces/status", "namespaces/finalize"] }],
      },
      { level: "None", nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version", "/version/", "/metrics", "/openapi/*"] },
      {
        level: "None",
        resources: [
          { group: "", resources: ["events"] },
          { group: "events.k8s.io", resources: ["events"] },
        ],
      },
      // 2. Credentials: never more than Metadata (bodies hold secret values and tokens).
      {
        level: "Metadata",
        resources: [
          { group: "", resources: ["secrets", "serviceaccounts/token"] },
          { group: "authentication.k8s.io", resources: ["tokenreviews"] },
          { group: "bitnami.com", resources: ["sealedsecrets"] },
        ],
      },
      // 3. Interactive access into workloads and nodes.
      {
        level: "RequestResponse",
        resources: [
          { group: "", resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers", "pods/proxy", "services/proxy", "nodes/proxy"] },
        ],
      },
      // 4. Who may do what, and what admission lets through.
      {
        level: "RequestResponse",
        verbs: WRITE,
        resources: [
          { group: "rbac.authorization.k8s.io", resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"] },
          { group: "", resources: ["serviceaccounts", "namespaces"] },
          {
            group: "admissionregistration.k8s.io",
            resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"],
          },
          { group: "networking.k8s.io", resources: ["networkpolicies"] },
          { group: "certificates.k8s.io", resources: ["certificatesigningrequests", "certificatesigningrequests/approval"] },
        ],
      },
      { level: "Metadata", verbs: READ, resources: [{ group: "rbac.authorization.k8s.io" }] },
      // 5. Configuration changes: the new content.
      { level: "Request", verbs: WRITE, resources: [{ group: "", resources: ["configmaps"] }] },
      // 6. Everything else.
      { level: "Metadata" },
    ],
  };
}

/** Header of the committed file: where it comes from and how to use it. */
export const AUDIT_POLICY_HEADER = [
  "# Kubernetes audit policy of the ecommerce security layer. Generated by `npm run audit:policy` from",
  "# components/audit/policy.ts: do not edit by hand (a test fails when this file and the generator differ).",
  "# Self-managed control planes: kube-apiserver --audit-policy-file=<this file> --audit-log-path=... (or a webhook).",
  "# EKS does not take a custom policy: enable the control-plane log types in the `eksControlPlaneLogTypes` stack output.",
  "",
].join("\n");
