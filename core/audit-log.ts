/**
 * The API server's audit log as the concerns other than audit see it: on a self-managed control plane
 * (`cluster.flavor: generic`, with `features.audit`), the file each control-plane node writes (`audit.logPath`), which
 * the logging concern's Fluent Bit tails into the log store. On EKS, AWS writes the audit log to CloudWatch Logs
 * instead (components/audit/eks.ts). The `audit` section belongs to components/audit; other concerns read it only
 * through here.
 */

/** The configuration the audit log's place depends on. */
export interface AuditLogInput {
  features: Readonly<Record<string, boolean>>;
  cluster: { flavor: "eks" | "generic" };
  audit: { logPath: string };
}

/** Fluent Bit's tag of the audit log's records (its own output sends them to the `<indexPrefix>-audit-*` indices). */
export const AUDIT_LOG_TAG = "kube-apiserver-audit";

/** The audit log file on the control-plane nodes, or undefined when the API server is not ours to configure (EKS) or audit is off. */
export function controlPlaneAuditLogPath(c: AuditLogInput): string | undefined {
  return c.features.audit && c.cluster.flavor === "generic" ? c.audit.logPath : undefined;
}
