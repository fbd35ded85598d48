/**
 * Everything the TLS layer declares, derived from the resolved settings in one pure function, so the component
 * only registers it (with the ordering) and tests can read the whole plan without a Pulumi run.
 * Objects that need provider outputs (the intermediates' Secrets and ConfigMaps, the Cloudflare token Secret) are built
 * by the component from the builders in ./internal-ca-manifests and ./issuers.
 */
import type { HelmValues } from "../../core/helm-values";
import { ingressSnippetPolicy, internalCaPolicies } from "./admission-policies";
import { certManagerValues } from "./cert-manager-values";
import { publicCertificateManifest, publicDnsNames, serviceCertificateManifest } from "./certificates";
import { publicIngressManifest, securityHeadersConfigMapManifest } from "./ingress";
import { acmeClusterIssuerManifest, caIssuerManifest } from "./issuers";
import { ACME_ISSUERS, PUBLIC_CERTIFICATE_SECRET, type AcmeIssuerName } from "./names";
import { certManagerNetworkPolicies, http01SolverNetworkPolicy } from "./network-policies";
import type { ResolvedCertificates } from "./settings";
import type { Manifest } from "../../core/manifest";

/** What the TLS layer declares for one stack. */
export interface TlsPlan {
  /** Values of the cert-manager release. */
  releaseValues: HelmValues;
  /** Policies in cert-manager's namespace; created before the release. */
  certManagerPolicies: Manifest[];
  /** letsencrypt-prod and letsencrypt-staging. */
  acmeIssuers: Manifest[];
  /** The ACME issuer this stack's public certificate uses. */
  publicIssuer: AcmeIssuerName;
  /** Whether the ACME issuers use the Cloudflare DNS-01 solver (the token Secret must exist). */
  cloudflare: boolean;
  /** The internal CA's namespaced Issuer of each issuer namespace (each needs its intermediate's Secret). */
  caIssuers: Manifest[];
  /** The admission policies holding each Issuer to its own namespace's names (./admission-policies). */
  caPolicies: Manifest[];
  /** One mTLS Certificate per catalog service, in catalog order. */
  serviceCertificates: Manifest[];
  /** The edge service the public Ingress routes to. */
  edge: { name: string; namespace: string };
  /** The public certificate, in the edge service's namespace. */
  publicCertificate: Manifest;
  /** Lets the ingress controller reach HTTP-01 solver pods in the edge namespace. */
  solverPolicy: Manifest;
  /** Response headers ConfigMap of the Ingress. */
  securityHeaders: Manifest;
  /** The public Ingress. */
  ingress: Manifest;
  /** ValidatingAdmissionPolicies and their bindings (./admission-policies): core objects, declared with the Ingress. */
  admissionPolicies: Manifest[];
}

/** Derive the TLS layer of a stack from its resolved settings. */
export function planTls(settings: ResolvedCertificates): TlsPlan {
  const { edge, domains, network, cluster } = settings;
  // The API host and the shop's web host (domains.www, www.<public> by default), as the document's Ingress serves them.
  const hosts = [domains.api, domains.www ?? `www.${domains.public}`];
  const wildcard = !!settings.dns01;
  const dnsNames = publicDnsNames(domains.public, hosts, wildcard);
  const wildcardNames = dnsNames.filter((n) => n === domains.public || n === `*.${domains.public}`);
  const publicIssuer = settings.publicIssuer;

  return {
    releaseValues: certManagerValues(settings.certManager),
    certManagerPolicies: certManagerNetworkPolicies({
      dns: network.dns,
      monitoring: settings.certManager.serviceMonitor ? network.monitoring : undefined,
      ingressController: network.ingressController,
      dns01: wildcard,
      podCidrs: cluster.podCidrs,
      destinations: settings.destinations,
    }),
    acmeIssuers: (Object.keys(ACME_ISSUERS) as AcmeIssuerName[]).map((name) =>
      acmeClusterIssuerManifest(name, {
        email: settings.acmeEmail,
        ingressClassName: settings.ingress.className,
        dns01: wildcard ? { dnsNames: wildcardNames } : undefined,
      }),
    ),
    publicIssuer,
    cloudflare: wildcard,
    caIssuers: settings.issuerNamespaces.map(caIssuerManifest),
    caPolicies: internalCaPolicies({
      trustDomain: settings.trustDomain,
      clusterDomain: settings.certificates.clusterDomain,
      certManagerUser: settings.certManagerUser,
    }),
    serviceCertificates: settings.services.map((s) => serviceCertificateManifest(s, settings.certificates, settings.trustDomain)),
    edge: { name: edge.name, namespace: edge.namespace },
    publicCertificate: publicCertificateManifest({ namespace: edge.namespace, dnsNames, issuer: publicIssuer, key: settings.certificates }),
    solverPolicy: http01SolverNetworkPolicy(edge.namespace, network.ingressController),
    securityHeaders: securityHeadersConfigMapManifest({
      service: { name: edge.name, namespace: edge.namespace },
      hstsMaxAgeSeconds: settings.ingress.hstsMaxAgeSeconds,
      hstsPreload: settings.ingress.hstsPreload,
    }),
    ingress: publicIngressManifest({
      name: settings.ingress.name,
      service: edge,
      hosts,
      className: settings.ingress.className,
      tlsSecret: PUBLIC_CERTIFICATE_SECRET,
      maxBodySize: settings.ingress.maxBodySize,
      rateLimitRps: settings.ingress.rateLimitRps,
      rateLimitConnections: settings.ingress.rateLimitConnections,
      hstsMaxAgeSeconds: settings.ingress.hstsMaxAgeSeconds,
      hstsPreload: settings.ingress.hstsPreload,
      waf: settings.ingress.waf,
      wafMode: settings.ingress.wafMode,
    }),
    admissionPolicies: ingressSnippetPolicy(),
  };
}
