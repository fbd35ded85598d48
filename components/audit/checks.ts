/**
 * The audit concern's checks: the audit log must be where Fluent Bit reads it (self-managed control planes); on EKS the
 * shipper needs the cluster's account and region, and a namespace of its own.
 */
import { eksAuditShipperOf } from "../../core/audit-log";
import { catalogNamespaces } from "../../core/catalog";
import type { ConfigIssue } from "../../core/config/errors";
import { eksClusterLocation } from "./eks";
import type { AuditStackConfig } from "./settings";

/** Fluent Bit mounts the node's /var/log read-only: an audit log elsewhere would never reach the log store. */
function auditFileIssues(c: AuditStackConfig): ConfigIssue[] {
  if (c.cluster.flavor !== "generic" || !c.features.logging || c.audit.logPath.startsWith("/var/log/")) return [];
  return [
    {
      key: "audit.logPath",
      value: c.audit.logPath,
      message:
        "must be under /var/log/ with features.logging on: Fluent Bit reads the control-plane nodes' /var/log (read-only) and ships the audit log from there",
    },
  ];
}

/** The EKS shipper reads the log group's account and region from the OIDC provider, and runs alone in a restricted namespace. */
function eksShipperIssues(c: AuditStackConfig): ConfigIssue[] {
  const shipper = eksAuditShipperOf(c);
  if (!shipper) return [];
  const issues: ConfigIssue[] = [];
  const oidc = c.cluster.oidcProviderArn;
  if (oidc && !eksClusterLocation(oidc)) {
    issues.push({
      key: "cluster.oidcProviderArn",
      value: oidc,
      message:
        "must be the EKS cluster's OIDC provider (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>): the EKS audit shipper reads the log group's account and region from it; or set audit.eks.shipToLogStore to false",
    });
  }
  const taken = new Map<string, string>([
    ...catalogNamespaces(c).map((ns): [string, string] => [ns, "a namespace of the service catalog"]),
    [c.logging.namespace, "logging.namespace"],
    [c.logging.fluentBit.namespace, "logging.fluentBit.namespace (privileged)"],
  ]);
  const owner = taken.get(shipper.namespace);
  if (owner) {
    issues.push({
      key: "audit.eks.namespace",
      value: shipper.namespace,
      message: `must be a namespace of its own (it is ${owner}): nothing else may run beside the pod that holds the audit log's IRSA role`,
    });
  }
  return issues;
}

/** Problems of the `audit` section against the cluster and the log store. */
export function auditIssues(c: AuditStackConfig): ConfigIssue[] {
  if (!c.features.audit) return [];
  return [...auditFileIssues(c), ...eksShipperIssues(c)];
}
