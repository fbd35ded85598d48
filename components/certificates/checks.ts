/** Cross-section checks of the `tls` section: what it names must exist elsewhere in the configuration. */
import type { ConfigIssue } from "../../core/config/errors";
import { missingSecretIssue } from "../../core/config/secret-keys";
import type { CertificatesConfig } from "./settings";

/** Problems of the certificates concern: `tls` present when the feature is on, the Cloudflare token for DNS-01, and {@link tlsIssues}. */
export function certificateIssues(c: CertificatesConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (c.features.certificates && !c.tls) issues.push({ key: "tls", message: "is required when features.certificates is on (at least tls.acmeEmail)" });
  if (c.tls?.dns01 && !c.credentials.cloudflareApiToken) {
    issues.push(missingSecretIssue("cloudflareApiToken", "tls.dns01 is set"));
  }
  if (c.features.certificates) issues.push(...tlsIssues(c));
  return issues;
}

/** Problems of `tls` against the catalog and `domains` (call when features.certificates is on). */
export function tlsIssues(c: Pick<CertificatesConfig, "tls" | "catalog" | "domains">): ConfigIssue[] {
  const t = c.tls;
  if (!t) return [];
  const issues: ConfigIssue[] = [];
  const edge = c.catalog.find((s) => s.name === t.ingress.service);
  if (!edge) {
    issues.push({
      key: "tls.ingress.service",
      value: t.ingress.service,
      message: `is not a catalog service; known: ${c.catalog.map((s) => s.name).join(", ")}`,
    });
  } else if (!edge.ports.some((p) => p.name === t.ingress.port)) {
    issues.push({
      key: "tls.ingress.port",
      value: t.ingress.port,
      message: `${edge.name} has no port of that name; its ports: ${edge.ports.map((p) => p.name).join(", ")}`,
    });
  }
  const zone = t.dns01?.zone;
  if (zone && c.domains.public !== zone && !c.domains.public.endsWith(`.${zone}`)) {
    issues.push({
      key: "tls.dns01.zone",
      value: zone,
      message: `must be domains.public (${c.domains.public}) or a parent of it: the wildcard certificate's records are written in this zone`,
    });
  }
  return issues;
}
