/** The compliance concern: the compliance profile, the GDPR retention job and the optional PCI-DSS zone. */
import type { ConfigIssue } from "../../core/config/errors";
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { issuesLoggingCertificate } from "../logging/feature";
import { Compliance } from "./component";
import { complianceSchema } from "./schema";

function complianceIssues(c: StackConfig): ConfigIssue[] {
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
    c.compliance.pciServices.forEach((svc: string, i: number) => {
      if (!known.includes(svc)) issues.push({ key: `compliance.pciServices[${i}]`, value: svc, message: `is not a catalog service; known: ${known.join(", ")}` });
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
      message: `must differ from logging.namespace: the GDPR job runs restricted, the logging namespace is a Pod Security exception`,
    });
  }
  return issues;
}

export const complianceFeature: Feature<StackConfig, StackConfig> & { readonly sections: { compliance: typeof complianceSchema } } = {
  name: "compliance",
  switches: { compliance: { description: "Compliance ConfigMap, GDPR retention job and the optional PCI zone.", default: true } },
  sections: { compliance: complianceSchema },
  checks: complianceIssues,
  resolve: (c: StackConfig) => (c.features.compliance ? c : undefined),
  namespaces: (c) => [
    { name: c.compliance.namespace, purpose: "compliance profile and the GDPR retention job" },
    ...(c.compliance.pciDss ? [{ name: c.compliance.pciNamespace, purpose: "PCI-DSS cardholder-data zone" }] : []),
  ],
  create: (c, handles, opts) => ({
    component: new Compliance(
      "compliance",
      {
        ctx: legacyContext(c, handles),
        issueCertificates: issuesLoggingCertificate(c),
        certificateDependsOn: [...(handles.dependencies.get("certificates") ?? [])],
        logging: handles.dependencies.get("logging")?.[0],
      },
      opts,
    ),
  }),
};
