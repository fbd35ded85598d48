/** The compliance concern's checks: log retention within the GDPR limit, the PCI zone's services and level, its namespace. */
import type { ConfigIssue } from "../../core/config/errors";
import type { ComplianceStackConfig } from "./settings";

/** PCI DSS 10.5.1: audit log history kept at least 12 months, the last three immediately available for analysis. */
export const PCI_LOG_RETENTION_DAYS = 365;
export const PCI_LOG_ONLINE_DAYS = 90;

/**
 * The in-cluster log store's retention against PCI DSS 10.5.1 when `compliance.pciDss` is on (an archive of at least
 * 12 months, three months searchable), and, when it is off, the archive within the GDPR limit (logs are personal
 * data; under PCI the legal retention duty prevails, GDPR art. 17(3)(b)).
 */
function pciLogRetentionIssues(c: ComplianceStackConfig): ConfigIssue[] {
  const { archive, retentionDays } = c.logging;
  if (!c.compliance.pciDss) {
    return archive && archive.retentionDays > c.compliance.gdprRetentionDays
      ? [
          {
            key: "logging.archive.retentionDays",
            value: archive.retentionDays,
            message: `keeps archived logs (personal data) longer than compliance.gdprRetentionDays (${c.compliance.gdprRetentionDays}) allows, with no PCI-DSS duty to keep them`,
          },
        ]
      : [];
  }
  const issues: ConfigIssue[] = [];
  if (!archive) {
    issues.push({
      key: "logging.archive",
      message: `is required when compliance.pciDss is on: PCI DSS 10.5.1 keeps audit logs ${PCI_LOG_RETENTION_DAYS} days (set logging.archive: {} for daily snapshots kept ${PCI_LOG_RETENTION_DAYS} days under Object Lock)`,
    });
  } else if (archive.retentionDays < PCI_LOG_RETENTION_DAYS) {
    issues.push({
      key: "logging.archive.retentionDays",
      value: archive.retentionDays,
      message: `must be at least ${PCI_LOG_RETENTION_DAYS} when compliance.pciDss is on (PCI DSS 10.5.1: 12 months of audit logs)`,
    });
  }
  if (retentionDays < PCI_LOG_ONLINE_DAYS) {
    issues.push({
      key: "logging.retentionDays",
      value: retentionDays,
      message: `must be at least ${PCI_LOG_ONLINE_DAYS} when compliance.pciDss is on (PCI DSS 10.5.1: the last three months immediately available)`,
    });
  }
  return issues;
}

/** Problems of the `compliance` section against the log store, the catalog and Pod Security. */
export function complianceIssues(c: ComplianceStackConfig): ConfigIssue[] {
  if (!c.features.compliance) return [];
  const issues: ConfigIssue[] = [];
  if (c.features.logging && c.logging.retentionDays > c.compliance.gdprRetentionDays) {
    issues.push({
      key: "logging.retentionDays",
      value: c.logging.retentionDays,
      message: `keeps logs (personal data) longer than compliance.gdprRetentionDays (${c.compliance.gdprRetentionDays}) allows`,
    });
  }
  if (c.features.logging && c.logging.mode === "in-cluster") issues.push(...pciLogRetentionIssues(c));
  if (c.compliance.pciDss) {
    const known = c.catalog.map((s) => s.name);
    c.compliance.pciServices.forEach((svc, i) => {
      if (!known.includes(svc))
        issues.push({ key: `compliance.pciServices[${i}]`, value: svc, message: `is not a catalog service; known: ${known.join(", ")}` });
    });
    const level = c.podSecurity.namespaces[c.compliance.pciNamespace]?.level ?? c.podSecurity.defaultLevel;
    if (level !== "restricted") {
      issues.push({ key: `podSecurity.namespaces.${c.compliance.pciNamespace}.level`, value: level, message: "the PCI-DSS zone must stay restricted" });
    }
  }
  if (c.compliance.namespace === c.logging.namespace) {
    issues.push({
      key: "compliance.namespace",
      value: c.compliance.namespace,
      message: `must differ from logging.namespace: the GDPR job is a client of the log store, admitted from its own namespace only`,
    });
  }
  if (c.compliance.namespace === c.logging.fluentBit.namespace) {
    issues.push({
      key: "compliance.namespace",
      value: c.compliance.namespace,
      message: `must differ from logging.fluentBit.namespace: the GDPR job runs restricted, Fluent Bit's namespace is a Pod Security exception`,
    });
  }
  return issues;
}
