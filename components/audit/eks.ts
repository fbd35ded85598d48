/**
 * EKS runs kube-apiserver itself and does not accept a custom audit policy; what a stack controls is which
 * control-plane log types go to CloudWatch Logs (the log group `/aws/eks/<cluster>/cluster`). All five are needed for an
 * investigation: the API and audit logs, the IAM-to-Kubernetes mapping (authenticator), and the controller manager and
 * scheduler decisions. This program does not own the EKS cluster (the cluster stack does), so the setting is one
 * command, which the stack outputs and docs/audit.md shows.
 */

/** EKS control-plane log types to enable (`enabledClusterLogTypes` / `aws eks update-cluster-config --logging`). */
export const EKS_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The log types for a cluster flavor: all five on EKS, none elsewhere (there the audit policy file applies). */
export function eksControlPlaneLogTypes(flavor: "eks" | "generic"): string[] {
  return flavor === "eks" ? [...EKS_CONTROL_PLANE_LOG_TYPES] : [];
}

/** The CloudWatch Logs group EKS writes the control-plane logs to. */
export function eksControlPlaneLogGroup(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

/** The command turning every control-plane log type on for the cluster (idempotent). */
export function eksLoggingCommand(cluster: string, region: string): string {
  const logging = JSON.stringify({ clusterLogging: [{ types: [...EKS_CONTROL_PLANE_LOG_TYPES], enabled: true }] });
  return `aws eks update-cluster-config --region ${region} --name ${cluster} --logging '${logging}'`;
}
