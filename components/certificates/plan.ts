/**
 * Everything the TLS layer declares, derived from the stack configuration in one pure function, so the component
 * only registers it (with the ordering) and tests can read the whole plan without a Pulumi run.
 * Objects that need provider outputs (the internal CA Secret, the Cloudflare token Secret) are built by the
 * component from the builders in ./internal-ca and ./issuers.
 */
import type { TlsConfig } from "./schema";
import type { HelmValues } from "../../core/helm-values";
import { certManagerValues } from "./cert-manager-values";
import { publicCertificateManifest, publicDnsNames, serviceCertificateManifest } from "./certificates";
import { publicIngressManifest, securityHeadersConfigMapManifest } from "./ingress";
import { acmeClusterIssuerManifest, caClusterIssuerManifest } from "./issuers";
import { ACME_ISSUERS, PUBLIC_CERTIFICATE_SECRET, publicIssuerOf, type AcmeIssuerName } from "./names";
import { certManagerNetworkPolicies, http01SolverNetworkPolicy, type Peer } from "./network-policies";

/** The parts of the stack configuration the TLS layer reads. */
export interface TlsPlanInput {
  environment: "staging" | "production" | "e2e";
  domains: { public: string; api: string };
  tls: TlsConfig;
  catalog: ReadonlyArray<{ name: string; namespace: string; serviceAccount: string; ports: ReadonlyArray<{ name: string }> }>;
  network: { ingressController: Peer; monitoring: Peer; dns: Peer };
  mesh: { trustDomain: string };
  cluster: { podCidrs: string[]; serviceCidrs: string[]; nodeCidrs: string[] };
}

/** A manifest as the builders return it. */
type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

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
  /** The CA ClusterIssuer (needs the internal CA Secret). */
  caIssuer: Manifest;
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
}

/** Derive the TLS layer of a stack. Throws when `tls.ingress.service` is not in the catalog (cross-checks report it first). */
export function planTls(c: TlsPlanInput): TlsPlan {
  const t = c.tls;
  const edgeService = c.catalog.find((s) => s.name === t.ingress.service);
  if (!edgeService) throw new Error(`tls.ingress.service: "${t.ingress.service}" is not a catalog service`);
  const edge = { name: edgeService.name, namespace: edgeService.namespace };
  const hosts = [c.domains.api];
  const wildcard = !!t.dns01;
  const dnsNames = publicDnsNames(c.domains.public, hosts, wildcard);
  const wildcardNames = dnsNames.filter((n) => n === c.domains.public || n === `*.${c.domains.public}`);
  const publicIssuer = publicIssuerOf(c);

  return {
    releaseValues: certManagerValues({
      highAvailability: t.certManager.highAvailability ?? c.environment === "production",
      serviceMonitor: t.certManager.serviceMonitor,
    }),
    certManagerPolicies: certManagerNetworkPolicies({
      dns: c.network.dns,
      monitoring: t.certManager.serviceMonitor ? c.network.monitoring : undefined,
      ingressController: c.network.ingressController,
      dns01: wildcard,
      podCidrs: c.cluster.podCidrs,
      clusterCidrs: [...c.cluster.podCidrs, ...c.cluster.serviceCidrs, ...c.cluster.nodeCidrs],
    }),
    acmeIssuers: (Object.keys(ACME_ISSUERS) as AcmeIssuerName[]).map((name) =>
      acmeClusterIssuerManifest(name, {
        email: t.acmeEmail,
        ingressClassName: t.ingress.className,
        dns01: wildcard ? { dnsNames: wildcardNames } : undefined,
      }),
    ),
    publicIssuer,
    cloudflare: wildcard,
    caIssuer: caClusterIssuerManifest(),
    serviceCertificates: c.catalog.map((s) => serviceCertificateManifest(s, t.certificates, c.mesh.trustDomain)),
    edge,
    publicCertificate: publicCertificateManifest({ namespace: edge.namespace, dnsNames, issuer: publicIssuer, key: t.certificates }),
    solverPolicy: http01SolverNetworkPolicy(edge.namespace, c.network.ingressController),
    securityHeaders: securityHeadersConfigMapManifest({ service: edge, hstsMaxAgeSeconds: t.ingress.hstsMaxAgeSeconds, hstsPreload: t.ingress.hstsPreload }),
    ingress: publicIngressManifest({
      service: { ...edge, port: t.ingress.port },
      hosts,
      className: t.ingress.className,
      tlsSecret: PUBLIC_CERTIFICATE_SECRET,
      maxBodySize: t.ingress.maxBodySize,
      rateLimitRps: t.ingress.rateLimitRps,
      rateLimitConnections: t.ingress.rateLimitConnections,
      hstsMaxAgeSeconds: t.ingress.hstsMaxAgeSeconds,
      hstsPreload: t.ingress.hstsPreload,
      waf: t.ingress.waf,
    }),
  };
}
