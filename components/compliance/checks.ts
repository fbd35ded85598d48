/** The compliance concern's checks: log retention within the GDPR limit, the PCI zone's services and level, its namespace. */
import type { ConfigIssue } from "../../core/config/errors";
import type { ComplianceStackConfig } from "./settings";

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
