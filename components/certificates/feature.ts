/** The certificates concern: cert-manager, the issuers, the internal CA, per-service certificates and the public ingress. */
import type { ConfigIssue } from "../../core/config/errors";
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { tlsIssues } from "./checks";
import { Certificates } from "./component";
import { tlsSchema, type TlsConfig } from "./schema";

function certificateIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (c.features.certificates && !c.tls) issues.push({ key: "tls", message: "is required when features.certificates is on (at least tls.acmeEmail)" });
  if (c.tls?.dns01 && !c.credentials.cloudflareApiToken) {
    issues.push({ key: "cloudflareApiToken", message: "is required (as a secret) when tls.dns01 is set" });
  }
  if (c.features.certificates) issues.push(...tlsIssues(c));
  return issues;
}

const tlsSchemaSection = tlsSchema.optional();

export const certificatesFeature: Feature<StackConfig, { config: StackConfig; tls: TlsConfig }> & { readonly sections: { tls: typeof tlsSchemaSection } } = {
  name: "certificates",
  switches: { certificates: { description: "cert-manager, issuers, the internal CA, certificates and the TLS ingress.", default: true } },
  sections: { tls: tlsSchemaSection },
  checks: certificateIssues,
  resolve: (c: StackConfig) => (c.features.certificates && c.tls ? { config: c, tls: c.tls } : undefined),
  namespaces: ({ config }) => (config.capabilities.helm ? [{ name: "cert-manager", purpose: "cert-manager and the internal CA" }] : []),
  create: ({ config, tls }, handles, opts) => {
    const component = new Certificates("certificates", { ctx: legacyContext(config, handles), tls }, opts);
    return { component, outputs: { internalCaCertificate: component.caCertificatePem }, provides: { certificates: [component] } };
  },
};
