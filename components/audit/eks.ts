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

/** The prefix of the audit log's streams in the control-plane log group (the other types have their own). */
export const EKS_AUDIT_STREAM_PREFIX = "kube-apiserver-audit";

/** The retentions CloudWatch Logs accepts for a log group, in days (PutRetentionPolicy). */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The ARN of the control-plane log group, as IAM policies and Filebeat's `log_group_arn` name it (without the `:*` suffix). */
export function eksControlPlaneLogGroupArn(p: { region: string; accountId: string; cluster: string }): string {
  return `arn:aws:logs:${p.region}:${p.accountId}:log-group:${eksControlPlaneLogGroup(p.cluster)}`;
}

/**
 * The cluster's account and region, read from its IAM OIDC provider ARN
 * (`arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`): the account and region of its log group.
 * Undefined when the ARN is not an EKS OIDC provider's.
 */
export function eksClusterLocation(oidcProviderArn: string): { accountId: string; region: string } | undefined {
  const m = /^arn:aws[a-z-]*:iam::([0-9]{12}):oidc-provider\/oidc\.eks\.([a-z]{2}(?:-[a-z]+)+-[0-9])\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+$/.exec(
    oidcProviderArn,
  );
  return m ? { accountId: m[1], region: m[2] } : undefined;
}
