/**
 * The certificates concern's resolved settings: the `tls` section with every default filled (the public issuer,
 * cert-manager HA, the service key size), the edge service found in the catalog, the Cloudflare token when DNS-01 is
 * on, and the platform facts its objects are derived from. Pure: tested without Pulumi.
 */
import type { SecretCredential } from "../../core/secret-credentials";
import { installsRelease, type ChartsConfig } from "../../core/config/charts";
import type { ClusterConfig } from "../../core/config/cluster";
import type { NetworkConfig } from "../../core/config/network";
import { operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { DomainsConfig, PlatformConfig } from "../../core/config/platform";
import type { CertificateService, CertificateSettings } from "./certificates";
import { catalogNamespaces } from "../../core/catalog";
import { internalCaClientNamespaces, internalCaTrustNamespaces } from "../../core/internal-ca";
import type { EksAuditShipperInput } from "../../core/audit-log";
import type { LogStoreInput } from "../../core/log-store";
import type { CaSettings } from "./internal-ca-manifests";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE, type AcmeIssuerName } from "./names";
import type { TlsConfig } from "./schema";

/**
 * The configuration the certificates concern reads: the platform-wide keys, its own `tls` section, and where the log
 * store runs (it gets internal-CA certificates in its namespace).
 */
export type CertificatesConfig = PlatformConfig & { tls?: TlsConfig } & Pick<LogStoreInput<unknown>, "logging"> & Pick<EksAuditShipperInput, "audit">;

/** Seconds Pulumi waits for the cert-manager release (its pods and the startup API check). */
const CERT_MANAGER_RELEASE_TIMEOUT_SECONDS = 600;

/** Everything the Certificates component and its builders need, every default filled. */
export interface ResolvedCertificates {
  /** ACME account email: Let's Encrypt sends expiry and policy notices there (`tls.acmeEmail`). */
  acmeEmail: string;
  /** The ACME ClusterIssuer of the public certificate: `tls.publicIssuer`, else letsencrypt-prod in production and letsencrypt-staging elsewhere. */
  publicIssuer: AcmeIssuerName;
  /** DNS-01 through Cloudflare for the wildcard names (`tls.dns01`), with the API token; absent: HTTP-01 only, no wildcard. */
  dns01?: {
    /** The Cloudflare zone holding `domains.public`. */
    zone: string;
    /** The `cloudflareApiToken` credential (the checks refuse DNS-01 without it); a Pulumi secret once the program runs. */
    cloudflareApiToken: SecretCredential;
  };
  /** cert-manager itself. */
  certManager: {
    /** Two replicas per component with PodDisruptionBudgets (`tls.certManager.highAvailability`, default: production). */
    highAvailability: boolean;
    /** The chart's ServiceMonitor, and the metrics port opened to the scraper. */
    serviceMonitor: boolean;
    /** `images.registryMirror`: every cert-manager image (the ACME solver's too) is pulled through it when set. */
    registryMirror: string | undefined;
  };
  /** Subject, key and validity of the internal CA (`tls.ca`). */
  ca: CaSettings;
  /** Key (size resolved from the algorithm when unset), lifetime and cluster domain of every service's mTLS certificate. */
  certificates: CertificateSettings;
  /** Limits, headers and class of the public Ingress (`tls.ingress`; its service and port are resolved into {@link edge}). */
  ingress: Omit<TlsConfig["ingress"], "service" | "port">;
  /** The catalog service the public Ingress routes to (`tls.ingress.service`), and its port name (`tls.ingress.port`). */
  edge: { name: string; namespace: string; port: string };
  /** The shop's public DNS names: the public certificate's apex and the Ingress's API host. */
  domains: DomainsConfig;
  /** The catalog services, in catalog order: each gets an mTLS certificate. */
  services: CertificateService[];
  /** The mesh trust domain: the SPIFFE identity in each service certificate. */
  /**
   * The namespaces that get the internal CA's intermediate and Issuer: the catalog's, then those of the other
   * concerns' internal-CA certificates (core/internal-ca.ts `internalCaClientNamespaces`).
   */
  issuerNamespaces: string[];
  /**
   * The namespaces that only trust the internal CA (the `internal-ca` ConfigMap with the root alone): those of
   * core/internal-ca.ts `internalCaTrustNamespaces` that have no Issuer.
   */
  trustNamespaces: string[];
  /** The user cert-manager's controller authenticates as: the only one that may request internal-CA certificates. */
  certManagerUser: string;
  trustDomain: string;
  /** Platform peers cert-manager's NetworkPolicies name: cluster DNS, the ingress controller, the metrics scraper. */
  network: Pick<NetworkConfig, "dns" | "ingressController" | "monitoring">;
  /** The cluster's pod, service and node ranges (egress "anywhere" never includes them). */
  cluster: Pick<ClusterConfig, "podCidrs" | "serviceCidrs" | "nodeCidrs">;
  /** Where cert-manager may connect outside the cluster: the internet, the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** The stack's overrides of the cert-manager chart (`charts.cert-manager`). */
  chartOverrides: Pick<ChartsConfig, "cert-manager">;
  /** Install cert-manager and create its issuers and certificates (the stack may install Helm releases). */
  installCertManager: boolean;
  /** Create the internal CA (the stack may use the TLS provider). */
  createInternalCa: boolean;
  /** Protect the internal CA key from deletion (`protectStatefulResources`). */
  protect: boolean;
  /** Seconds Pulumi waits for the cert-manager release. */
  releaseTimeoutSeconds: number;
}

/** The key size of a certificate: the configured one, else 256 for ECDSA and 3072 for RSA. */
export function keySizeOf(c: { keyAlgorithm: "RSA" | "ECDSA"; keySize?: number }): number {
  return c.keySize ?? (c.keyAlgorithm === "ECDSA" ? 256 : 3072);
}

/** The ACME issuer of the public certificate: `tls.publicIssuer`, else letsencrypt-prod in production and letsencrypt-staging elsewhere. */
export function publicIssuerOf(c: Pick<CertificatesConfig, "environment" | "tls">): AcmeIssuerName {
  return c.tls?.publicIssuer ?? (c.environment === "production" ? "letsencrypt-prod" : "letsencrypt-staging");
}

/**
 * The certificates settings of a configuration, or undefined when the concern is absent: `features.certificates` off,
 * no `tls` section, or a configuration its checks refuse.
 */
export function resolveCertificates(config: CertificatesConfig): ResolvedCertificates | undefined {
  const tls = config.tls;
  if (!config.features.certificates || !tls) return undefined;
  const edge = config.catalog.find((s) => s.name === tls.ingress.service);
  const cloudflareApiToken = config.credentials.cloudflareApiToken;
  // A configuration the checks refuse (checks.ts: an edge service outside the catalog, DNS-01 without the token)
  // is still resolved, so every problem is reported at once; it resolves to nothing, and nothing is created from it.
  if (!edge || (tls.dns01 && !cloudflareApiToken)) return undefined;
  const { service: _service, port, ...ingress } = tls.ingress;
  const issuerNamespaces = [...new Set([...catalogNamespaces(config), ...internalCaClientNamespaces(config)])];
  return {
    acmeEmail: tls.acmeEmail,
    publicIssuer: publicIssuerOf(config),
    dns01: tls.dns01 && cloudflareApiToken ? { zone: tls.dns01.zone, cloudflareApiToken } : undefined,
    certManager: {
      highAvailability: tls.certManager.highAvailability ?? config.environment === "production",
      serviceMonitor: tls.certManager.serviceMonitor,
      registryMirror: config.images.registryMirror,
    },
    ca: tls.ca,
    certificates: { ...tls.certificates, keySize: keySizeOf(tls.certificates) },
    ingress,
    edge: { name: edge.name, namespace: edge.namespace, port },
    domains: config.domains,
    services: config.catalog.map(({ name, namespace, serviceAccount, selectorLabel }) => ({ name, namespace, serviceAccount, selectorLabel })),
    trustDomain: config.mesh.trustDomain,
    network: { dns: config.network.dns, ingressController: config.network.ingressController, monitoring: config.network.monitoring },
    cluster: { podCidrs: config.cluster.podCidrs, serviceCidrs: config.cluster.serviceCidrs, nodeCidrs: config.cluster.nodeCidrs },
    destinations: operatorDestinations(config),
    issuerNamespaces,
    trustNamespaces: internalCaTrustNamespaces(config).filter((ns) => !issuerNamespaces.includes(ns)),
    // The chart names its controller's ServiceAccount after the release.
    certManagerUser: `system:serviceaccount:${CERT_MANAGER_NAMESPACE}:${CERT_MANAGER_RELEASE}`,
    chartOverrides: { "cert-manager": config.charts["cert-manager"] },
    installCertManager: installsRelease(config, "cert-manager"),
    createInternalCa: config.capabilities.tls,
    protect: config.protect,
    releaseTimeoutSeconds: CERT_MANAGER_RELEASE_TIMEOUT_SECONDS,
  };
}
