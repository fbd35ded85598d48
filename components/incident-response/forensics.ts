/**
 * The read-only forensics ClusterRole and its group binding: investigators can see every object's spec and
 * status, the events and the container logs across the cluster, and nothing else. In particular no Secret
 * (values), no exec/attach/port-forward, no write: evidence is observed without being changed. Containment
 * (labelling, cordoning, capture) needs the break-glass admin role, as the runbook says.
 */
import { componentLabels } from "../../core/labels";

/** Name of the ClusterRole and its binding. */
export const FORENSICS_ROLE = "security-forensics-read-only";

/** What investigators may read, by API group. */
export const FORENSICS_RULES = [
  {
    apiGroups: [""],
    resources: [
      "pods",
      "pods/log",
      "pods/status",
      "events",
      "nodes",
      "nodes/status",
      "namespaces",
      "services",
      "endpoints",
      "configmaps",
      "serviceaccounts",
      "persistentvolumeclaims",
      "persistentvolumes",
      "resourcequotas",
      "limitranges",
      "replicationcontrollers",
    ],
    verbs: ["get", "list", "watch"],
  },
  { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["get", "list", "watch"] },
  {
    apiGroups: ["admissionregistration.k8s.io"],
    resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"],
    verbs: ["get", "list", "watch"],
  },
  { apiGroups: ["security.istio.io"], resources: ["peerauthentications", "authorizationpolicies", "requestauthentications"], verbs: ["get", "list", "watch"] },
  {
    apiGroups: ["networking.istio.io"],
    resources: ["destinationrules", "virtualservices", "gateways", "serviceentries", "sidecars"],
    verbs: ["get", "list", "watch"],
  },
  {
    apiGroups: ["aquasecurity.github.io"],
    resources: [
      "vulnerabilityreports",
      "configauditreports",
      "exposedsecretreports",
      "rbacassessmentreports",
      "infraassessmentreports",
      "sbomreports",
      "clustervulnerabilityreports",
      "clusterconfigauditreports",
      "clusterrbacassessmentreports",
      "clusterinfraassessmentreports",
      "clustercompliancereports",
    ],
    verbs: ["get", "list", "watch"],
  },
  { apiGroups: ["cert-manager.io"], resources: ["certificates", "issuers", "clusterissuers", "certificaterequests"], verbs: ["get", "list", "watch"] },
] as const;

/** The ClusterRole and the ClusterRoleBinding to the forensics group. */
export function forensicsManifests(group: string) {
  const labels = componentLabels("incident-response");
  const clusterRole = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: FORENSICS_ROLE, labels },
    rules: FORENSICS_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: FORENSICS_ROLE, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: FORENSICS_ROLE },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  };
  return { clusterRole, binding };
}
