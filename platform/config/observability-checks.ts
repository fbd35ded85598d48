/** Cross-section checks of logging, alerting and compliance: what an enabled part needs from other sections. */
import { alertingRendered } from "../../core/alerting-enabled";
import type { ConfigIssue } from "../../core/config-errors";
import type { StackConfig } from "./parse";

/** Whether this stack issues the Elasticsearch certificate itself (cert-manager and the internal CA are deployed). */
export function issuesLoggingCertificate(c: Pick<StackConfig, "features">): boolean {
  return c.features.certificates && c.features.helmReleases && c.features.tlsResources;
}

/** Every problem of the logging, alerting and compliance settings. */
export function observabilityIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const f = c.features;
  if (alertingRendered(c) && c.alerting) {
    const why = "alerting is rendered (features.alerting on and alerting.prometheusOperator, which defaults to features.helmReleases)";
    if (!c.alerting.smtp) issues.push({ key: "alerting.smtp", message: `is required when ${why}: host and from of the SMTP relay` });
    if (c.alerting.smtp?.username && !c.credentials.alertmanagerSmtpPassword) {
      issues.push({ key: "alertmanagerSmtpPassword", message: "is required (as a secret) when alerting.smtp.username is set" });
    }
    for (const key of ["alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"] as const) {
      if (!c.credentials[key]) issues.push({ key, message: `is required (as a secret) when ${why}` });
    }
  }
  if (f.logging && c.logging.mode === "in-cluster" && !c.logging.elasticsearch.tlsSecretName && !issuesLoggingCertificate(c)) {
    issues.push({
      key: "logging.elasticsearch.tlsSecretName",
      message: "is required when the stack does not issue certificates itself (features.certificates, helmReleases and tlsResources all on): name a kubernetes.io/tls Secret with ca.crt",
    });
  }
  if (f.compliance && f.logging && c.logging.retentionDays > c.compliance.gdprRetentionDays) {
    issues.push({
      key: "logging.retentionDays",
      value: c.logging.retentionDays,
      message: `keeps logs (personal data) longer than compliance.gdprRetentionDays (${c.compliance.gdprRetentionDays}) allows`,
    });
  }
  if (f.compliance && c.compliance.pciDss) {
    const known = c.catalog.map((s) => s.name);
    c.compliance.pciServices.forEach((svc, i) => {
      if (!known.includes(svc)) issues.push({ key: `compliance.pciServices[${i}]`, value: svc, message: `is not a catalog service; known: ${known.join(", ")}` });
    });
    const level = c.podSecurity.namespaces[c.compliance.pciNamespace]?.level ?? c.podSecurity.defaultLevel;
    if (level !== "restricted") {
      issues.push({ key: `podSecurity.namespaces.${c.compliance.pciNamespace}.level`, value: level, message: "the PCI-DSS zone must stay restricted" });
    }
  }
  if (f.compliance && c.compliance.namespace === c.logging.namespace) {
    issues.push({ key: "compliance.namespace", value: c.compliance.namespace, message: `must differ from logging.namespace: the GDPR job runs restricted, the logging namespace is a Pod Security exception` });
  }
  return issues;
}
