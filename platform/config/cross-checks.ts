/** Checks that span sections: a feature that is on must have the settings and credentials it needs. */
import type { ConfigIssue } from "../../core/config-errors";
import type { StackConfig } from "./parse";
import { tlsIssues } from "../../components/certificates/checks";
import { secretBackendIssues } from "../../components/secrets/checks";
import { observabilityIssues } from "./observability-checks";
import { zeroTrustIssues } from "../../components/network/checks";
import { admits, podSecurityNeeds } from "../../core/pod-security-levels";

/** Every missing prerequisite of an enabled feature. */
export function crossSectionIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const need = (cond: boolean, key: string, message: string) => {
    if (cond) issues.push({ key, message });
  };
  const f = c.features;
  if (f.externalSecrets) issues.push(...secretBackendIssues(c));
  need(f.certificates && !c.tls, "tls", "is required when features.certificates is on (at least tls.acmeEmail)");
  need(!!c.tls?.dns01 && !c.credentials.cloudflareApiToken, "cloudflareApiToken", "is required (as a secret) when tls.dns01 is set");
  if (f.certificates) issues.push(...tlsIssues(c));
  need(f.backup && !c.backup, "backup", "is required when features.backup is on (at least backup.region)");
  need(f.alerting && !c.alerting, "alerting", "is required when features.alerting is on (at least alerting.securityEmail)");
  need(f.imageSignatures && !c.scanning.signatures, "scanning.signatures", "is required when features.imageSignatures is on (registryGlob and cosignPublicKey)");
  need(f.logging && !c.credentials.elasticsearchPassword, "elasticsearchPassword", "is required (as a secret) when features.logging is on");
  need(f.logging && c.logging.mode === "in-cluster" && !c.credentials.kibanaEncryptionKey, "kibanaEncryptionKey", "is required (as a secret) when logging.mode is in-cluster");
  issues.push(...observabilityIssues(c));
  issues.push(...zeroTrustIssues(c));
  need(
    c.cluster.flavor !== "eks" && (f.awsResources && (f.backup || (f.externalSecrets && !!c.secrets.aws))),
    "cluster.flavor",
    "IRSA needs an EKS cluster: set cluster.flavor to eks, or turn off features.awsResources",
  );
  for (const ns of Object.keys(c.podSecurity.namespaces)) {
    const app = c.catalog.find((s) => s.namespace === ns);
    if (app && c.podSecurity.namespaces[ns].level !== "restricted") {
      issues.push({ key: `podSecurity.namespaces.${ns}.level`, value: c.podSecurity.namespaces[ns].level, message: `namespace ${ns} runs catalog service ${app.name}; application namespaces must stay restricted` });
    }
  }
  for (const [ns, need] of podSecurityNeeds(c)) {
    const entry = c.podSecurity.namespaces[ns];
    if (entry && !admits(entry.level, need.level)) {
      issues.push({ key: `podSecurity.namespaces.${ns}.level`, value: entry.level, message: `is stricter than namespace ${ns} needs (${need.level}): ${need.reason}` });
    }
  }
  if (c.backup?.namespaces) {
    const known = new Set(c.catalog.map((s) => s.namespace));
    c.backup.namespaces.forEach((ns, i) => {
      if (!known.has(ns)) issues.push({ key: `backup.namespaces[${i}]`, value: ns, message: `is not a namespace of the service catalog; known: ${[...known].join(", ")}` });
    });
  }
  return issues;
}
