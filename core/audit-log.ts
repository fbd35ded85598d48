/**
 * The API server's audit log as the concerns other than audit see it: on a self-managed control plane
 * (`cluster.flavor: generic`, with `features.audit`), the file each control-plane node writes (`audit.logPath`), which
 * the logging concern's Fluent Bit tails into the log store. On EKS, AWS writes the audit log to CloudWatch Logs
 * instead (components/audit/eks.ts), and the audit concern's shipper, a client of the log store in its own namespace,
 * delivers it from there: the logging concern lets it reach Elasticsearch, the certificates concern gives it the
 * internal CA. The `audit` section belongs to components/audit; other concerns read it only through here.
 */

/** The configuration the audit log's place depends on. */
export interface AuditLogInput {
  features: Readonly<Record<string, boolean>>;
  cluster: { flavor: "eks" | "generic" };
  audit: { logPath: string };
}

/** The configuration the EKS audit shipper's presence depends on. */
export interface EksAuditShipperInput {
  features: Readonly<Record<string, boolean>>;
  cluster: { flavor: "eks" | "generic" };
  audit?: { eks: { shipToLogStore: boolean; namespace: string } };
}

/** The EKS audit shipper's Deployment, ServiceAccount and `app.kubernetes.io/name`. */
export const EKS_AUDIT_SHIPPER = "eks-audit-shipper";

/** The EKS audit shipper's pods as a peer of the log store's NetworkPolicy. */
export interface EksAuditShipperPods {
  /** Its namespace (`audit.eks.namespace`). */
  namespace: string;
  /** Labels its pods carry. */
  podLabels: Record<string, string>;
}

/**
 * The shipper that reads the EKS audit log group into the log store, or undefined: only on EKS (its IRSA role), with the
 * log store (`features.logging`), `features.audit` and `audit.eks.shipToLogStore`. Its role is made by this stack with
 * `features.awsResources`, and otherwise expected under the same name, as the other concerns' IRSA roles are.
 */
export function eksAuditShipperOf(c: EksAuditShipperInput): EksAuditShipperPods | undefined {
  if (!c.features.audit || !c.features.logging || c.cluster.flavor !== "eks" || !c.audit?.eks.shipToLogStore) return undefined;
  return { namespace: c.audit.eks.namespace, podLabels: { "app.kubernetes.io/name": EKS_AUDIT_SHIPPER } };
}

/** Fluent Bit's tag of the audit log's records (its own output sends them to the `<indexPrefix>-audit-*` indices). */
export const AUDIT_LOG_TAG = "kube-apiserver-audit";

/** The audit log file on the control-plane nodes, or undefined when the API server is not ours to configure (EKS) or audit is off. */
export function controlPlaneAuditLogPath(c: AuditLogInput): string | undefined {
  return c.features.audit && c.cluster.flavor === "generic" ? c.audit.logPath : undefined;
}
