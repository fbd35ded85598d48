/** The audit concern's checks: the audit log must be where Fluent Bit reads it. */
import type { ConfigIssue } from "../../core/config/errors";
import type { AuditStackConfig } from "./settings";

/** Fluent Bit mounts the node's /var/log read-only: an audit log elsewhere would never reach the log store. */
export function auditIssues(c: AuditStackConfig): ConfigIssue[] {
  if (!c.features.audit || c.cluster.flavor !== "generic" || !c.features.logging || c.audit.logPath.startsWith("/var/log/")) return [];
  return [
    {
      key: "audit.logPath",
      value: c.audit.logPath,
      message:
        "must be under /var/log/ with features.logging on: Fluent Bit reads the control-plane nodes' /var/log (read-only) and ships the audit log from there",
    },
  ];
}
