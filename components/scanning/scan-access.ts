/**
 * Identities of the scheduled scans: one ServiceAccount per scan, allowed only to get and list the workload kinds trivy
 * reads (no Secrets, no writes), through a Role in each namespace it scans (the update check's are every namespace the
 * stack declares).
 */
import { componentLabels } from "../../core/labels";
import { SCANNED_KINDS, type ScanJob } from "./scan-jobs";

/** API groups and resource names of the kinds in SCANNED_KINDS. */
const scannedResources: Array<{ apiGroup: string; resources: string[] }> = [
  { apiGroup: "", resources: ["pods", "replicationcontrollers"] },
  { apiGroup: "apps", resources: ["replicasets", "deployments", "statefulsets", "daemonsets"] },
  { apiGroup: "batch", resources: ["jobs", "cronjobs"] },
];

// Keep the Role in step with the kinds the job asks trivy for: a kind added there must be readable here.
if (scannedResources.flatMap((r) => r.resources).length !== SCANNED_KINDS.length) {
  throw new Error("components/scanning/scan-access.ts: scannedResources and SCANNED_KINDS list different kinds");
}

/** get and list on the scanned kinds, nothing else. */
function readRules() {
  return scannedResources.map((r) => ({ apiGroups: [r.apiGroup], resources: r.resources, verbs: ["get", "list"] }));
}

/** The ServiceAccount a scan runs as. */
export function scanServiceAccountManifest(job: Pick<ScanJob, "name">, namespace: string) {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: job.name, namespace, labels: componentLabels("scanning") },
    // Only the scan's own pods mount a token (their pod spec says so); nothing else using this account gets one.
    automountServiceAccountToken: false,
  };
}

/** Read-only access to the workloads of one scanned namespace. */
export function scanReadRoleManifest(job: Pick<ScanJob, "name">, scannedNamespace: string) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: `${job.name}-read-workloads`, namespace: scannedNamespace, labels: componentLabels("scanning") },
    rules: readRules(),
  };
}

/** Binds the read Role of one scanned namespace to the scan's ServiceAccount. */
export function scanReadRoleBindingManifest(job: Pick<ScanJob, "name">, scannedNamespace: string, scanNamespace: string) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: `${job.name}-read-workloads`, namespace: scannedNamespace, labels: componentLabels("scanning") },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${job.name}-read-workloads` },
    subjects: [{ kind: "ServiceAccount", name: job.name, namespace: scanNamespace }],
  };
}

/**
 * Every object giving one scan its identity and access: a Role and RoleBinding in each namespace it scans and nowhere
 * else, never a ClusterRole, so the account reads no namespace the stack does not declare (a new namespace, or one of
 * another team, stays out of reach).
 */
export function scanAccessManifests(job: ScanJob, scanNamespace: string) {
  const access = job.namespaces.flatMap((ns) => [scanReadRoleManifest(job, ns), scanReadRoleBindingManifest(job, ns, scanNamespace)]);
  return [scanServiceAccountManifest(job, scanNamespace), ...access];
}
