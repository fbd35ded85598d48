/**
 * The namespaces this stack declares, derived from the catalog and the enabled features.
 * Each gets its Pod Security level from `podSecurity` (restricted unless configured lower, with a reason).
 */
import type { NamespaceSpec } from "../components/namespaces/manifests";
import { morePermissive, podSecurityNeeds } from "../core/pod-security-levels";

/** The parts of the stack configuration this derivation reads. */
export interface NamespacePlanInput {
  catalog: ReadonlyArray<{ name: string; namespace: string }>;
  features: {
    mesh: boolean;
    externalSecrets: boolean;
    certificates: boolean;
    scanning: boolean;
    imageSignatures: boolean;
    backup: boolean;
    logging: boolean;
    compliance: boolean;
    helmReleases: boolean;
  };
  podSecurity: {
    version: string;
    defaultLevel: NamespaceSpec["level"];
    namespaces: Record<string, { level: NamespaceSpec["level"]; reason?: string }>;
  };
  secrets: { operatorNamespace: string };
  scanning: { namespace: string; scanners: { infraAssessment: boolean } };
  backup?: { namespace: string; fileSystemBackup: boolean };
  logging: { namespace: string };
  compliance: { namespace: string; pciDss: boolean; pciNamespace: string };
}

/** Platform namespaces per feature (those whose operators come from Helm need helmReleases on). */
function platformNamespaces(c: NamespacePlanInput): Array<{ name: string; purpose: string }> {
  const f = c.features;
  const list: Array<{ name: string; purpose: string; on: boolean }> = [
    { name: c.secrets.operatorNamespace, purpose: "External Secrets Operator", on: f.externalSecrets && f.helmReleases },
    { name: "cert-manager", purpose: "cert-manager and the internal CA", on: f.certificates && f.helmReleases },
    { name: c.scanning.namespace, purpose: "trivy-operator and scheduled image scans", on: f.scanning },
    { name: "cosign-system", purpose: "sigstore policy-controller (image signature admission)", on: f.imageSignatures && f.helmReleases },
    { name: c.backup?.namespace ?? "velero", purpose: "Velero backups", on: f.backup && f.helmReleases && !!c.backup },
    { name: c.logging.namespace, purpose: "Fluent Bit, Elasticsearch and Kibana", on: f.logging },
    { name: c.compliance.namespace, purpose: "compliance profile and the GDPR retention job", on: f.compliance },
    { name: c.compliance.pciNamespace, purpose: "PCI-DSS cardholder-data zone", on: f.compliance && c.compliance.pciDss },
  ];
  return list.filter((n) => n.on);
}

/** Every namespace the stack declares, app namespaces first, each with its level and purpose. */
export function planNamespaces(c: NamespacePlanInput): NamespaceSpec[] {
  const app = [...new Set(c.catalog.map((s) => s.namespace))].map((name) => ({
    name,
    purpose: `e-commerce services: ${c.catalog.filter((s) => s.namespace === name).map((s) => s.name).join(", ")}`,
    app: true,
  }));
  const platform = platformNamespaces(c).map((n) => ({ ...n, app: false }));
  const seen = new Set<string>();
  // A level the enabled features need (node collector, node agent) applies unless the stack sets one explicitly;
  // platform/config/cross-checks.ts refuses an explicit level stricter than the need.
  const needs = podSecurityNeeds(c);
  return [...app, ...platform]
    .filter((n) => !seen.has(n.name) && seen.add(n.name))
    .map((n) => {
      const entry = c.podSecurity.namespaces[n.name];
      const need = needs.get(n.name);
      const level = entry?.level ?? (need ? morePermissive(need.level, c.podSecurity.defaultLevel) : c.podSecurity.defaultLevel);
      return {
        name: n.name,
        purpose: n.purpose,
        level,
        reason: entry?.reason ?? (need && level === need.level ? need.reason : undefined),
        version: c.podSecurity.version,
        mesh: c.features.mesh && n.app,
        imageSignatures: c.features.imageSignatures && n.app,
      };
    });
}
