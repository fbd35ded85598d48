/** The certificates concern: cert-manager, the issuers, the internal CA, per-service certificates and the public ingress. */
import type { Feature } from "../../core/feature";
import { CERTIFICATES_DEPENDENCY } from "../../core/internal-ca";
import { certificateIssues } from "./checks";
import { Certificates } from "./component";
import { CERT_MANAGER_NAMESPACE } from "./names";
import { certManagerPolicyExceptions } from "./policy-exceptions";
import { tlsSchema } from "./schema";
import { resolveCertificates, type CertificatesConfig, type ResolvedCertificates } from "./settings";

const tlsSchemaSection = tlsSchema.optional();

export const certificatesFeature: Feature<CertificatesConfig, ResolvedCertificates> & { readonly sections: { tls: typeof tlsSchemaSection } } = {
  name: "certificates",
  switches: { certificates: { description: "cert-manager, issuers, the internal CA, certificates and the TLS ingress.", default: true } },
  sections: { tls: tlsSchemaSection },
  checks: certificateIssues,
  resolve: resolveCertificates,
  namespaces: (settings) => (settings.installCertManager ? [{ name: CERT_MANAGER_NAMESPACE, purpose: "cert-manager and the internal CA" }] : []),
  policyExceptions: (settings) => (settings.installCertManager ? certManagerPolicyExceptions() : []),
  create: (settings, handles, opts) => {
    const component = new Certificates("certificates", { settings, handles }, opts);
    // Logging's and compliance's Certificates from the internal CA wait for the whole component (release and issuers).
    return { component, outputs: { internalCaCertificate: component.caCertificatePem }, provides: { [CERTIFICATES_DEPENDENCY]: [component] } };
  },
};
