/**
 * EKS runs kube-apiserver itself and does not accept a custom audit policy; what a stack controls is which
 * control-plane log types go to CloudWatch. All five are needed for an investigation: the API and audit logs,
 * the IAM-to-Kubernetes mapping (authenticator), and the controller manager and scheduler decisions.
 */

/** EKS control-plane log types to enable (`enabledClusterLogTypes` / `aws eks update-cluster-config --logging`). */
export const EKS_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The log types for a cluster flavor: all five on EKS, none elsewhere (there the audit policy file applies). */
export function eksControlPlaneLogTypes(flavor: "eks" | "generic"): string[] {
  return flavor === "eks" ? [...EKS_CONTROL_PLANE_LOG_TYPES] : [];
}
