/**
 * cert-manager Certificates: one mTLS certificate per catalog service from the internal CA, and the public
 * certificate (apex and wildcard of the public domain, plus any ingress host the wildcard does not cover).
 */
import { componentLabels, serviceSelector } from "../../core/labels";
import { internalCaIssuerRef } from "../../core/internal-ca";
import { PUBLIC_CERTIFICATE, PUBLIC_CERTIFICATE_SECRET, serviceCertificateName, serviceCertificateSecret, type AcmeIssuerName } from "./names";

const labels = componentLabels("certificates");

/** The resolved `tls.certificates` settings this file reads. */
export interface CertificateSettings {
  /** Private key algorithm. */
  keyAlgorithm: "RSA" | "ECDSA";
  /** Key size in bits (the algorithm's default already filled in when the stack sets none). */
  keySize: number;
  /** Certificate lifetime (Go duration). */
  duration: string;
  /** Renew this long before expiry (Go duration). */
  renewBefore: string;
  /** The cluster's DNS domain, for the `<svc>.<ns>.svc.<clusterDomain>` name. */
  clusterDomain: string;
}

/**
 * The DNS names a service is reached by inside the cluster, shortest first. Every one names the namespace: a bare
 * `<svc>` would be the same name in every namespace, so a certificate for it proves nothing about which service
 * answers (and the internal CA's admission policy refuses it).
 */
export function serviceDnsNames(service: { name: string; namespace: string }, clusterDomain: string): string[] {
  const { name, namespace } = service;
  return [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${clusterDomain}`];
}

/** The SPIFFE identity of a service's workload, the same principal Istio authorizes. */
export function serviceSpiffeId(service: { namespace: string; serviceAccount: string }, trustDomain: string): string {
  return `spiffe://${trustDomain}/ns/${service.namespace}/sa/${service.serviceAccount}`;
}

/**
 * Key usages of an mTLS certificate: the service both serves (server auth) and calls (client auth).
 * Key encipherment only for RSA: an ECDSA key cannot encipher, and strict clients reject the mismatch.
 */
export function mtlsUsages(keyAlgorithm: "RSA" | "ECDSA"): string[] {
  return keyAlgorithm === "RSA" ? ["digital signature", "key encipherment", "server auth", "client auth"] : ["digital signature", "server auth", "client auth"];
}

/** The private key block every Certificate uses: a fresh key on every renewal. */
function privateKey(c: Pick<CertificateSettings, "keyAlgorithm" | "keySize">) {
  return { algorithm: c.keyAlgorithm, size: c.keySize, encoding: "PKCS8", rotationPolicy: "Always" };
}

/** The catalog fields a service certificate is derived from. */
export interface CertificateService {
  name: string;
  namespace: string;
  serviceAccount: string;
  /** The stack's selector label key (`naming.selectorLabel`): the Certificate and its Secret carry the service's label. */
  selectorLabel: string;
}

/** The mTLS Certificate of one catalog service, signed by the internal CA. */
export function serviceCertificateManifest(service: CertificateService, settings: CertificateSettings, trustDomain: string) {
  const dnsNames = serviceDnsNames(service, settings.clusterDomain);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: serviceCertificateName(service), namespace: service.namespace, labels: { ...labels, ...serviceSelector(service) } },
    spec: {
      secretName: serviceCertificateSecret(service),
      // Reloader restarts workloads annotated `reloader.stakater.com/search: "true"` when the renewed Secret changes.
      secretTemplate: { labels: { ...labels, ...serviceSelector(service) }, annotations: { "reloader.stakater.com/match": "true" } },
      commonName: dnsNames[dnsNames.length - 1],
      dnsNames,
      uris: [serviceSpiffeId(service, trustDomain)],
      duration: settings.duration,
      renewBefore: settings.renewBefore,
      privateKey: privateKey(settings),
      usages: mtlsUsages(settings.keyAlgorithm),
      // The Issuer of the service's own namespace: it signs that namespace's names only.
      issuerRef: internalCaIssuerRef(),
    },
  };
}

/** Whether `host` is one of `names` or matched by one of their wildcards (one label deep, as in TLS). */
export function coveredBy(host: string, names: string[]): boolean {
  return names.some((n) => n === host || (n.startsWith("*.") && host.endsWith(n.slice(1)) && !host.slice(0, -n.length + 1).includes(".")));
}

/**
 * The DNS names of the public certificate. With DNS-01 it is the apex and the wildcard; without it (HTTP-01 cannot
 * prove a wildcard) the apex alone. Either way every ingress host is added unless a name already covers it.
 */
export function publicDnsNames(publicDomain: string, ingressHosts: string[], wildcard: boolean): string[] {
  const names = wildcard ? [publicDomain, `*.${publicDomain}`] : [publicDomain];
  for (const host of ingressHosts) if (!coveredBy(host, names)) names.push(host);
  return names;
}

/**
 * The public certificate's key: the configured algorithm at a size Let's Encrypt accepts (ECDSA P-256 or P-384,
 * RSA up to 4096 bits).
 */
export function acmeKey(c: Pick<CertificateSettings, "keyAlgorithm" | "keySize">): Pick<CertificateSettings, "keyAlgorithm" | "keySize"> {
  const size = c.keySize;
  return c.keyAlgorithm === "ECDSA" ? { keyAlgorithm: "ECDSA", keySize: size === 384 ? 384 : 256 } : { keyAlgorithm: "RSA", keySize: Math.min(size, 4096) };
}

/** What the public certificate needs. */
export interface PublicCertificateInput {
  /** Namespace of the Ingress that serves it (a TLS secret is only usable in its own namespace). */
  namespace: string;
  /** DNS names (see {@link publicDnsNames}). */
  dnsNames: string[];
  /** The ACME ClusterIssuer of this stack. */
  issuer: AcmeIssuerName;
  /** Key algorithm and size (pass through {@link acmeKey}). */
  key: Pick<CertificateSettings, "keyAlgorithm" | "keySize">;
}

/**
 * The public certificate from Let's Encrypt. Lifetime is the ACME server's (90 days); cert-manager renews at
 * two thirds of it, so no duration is requested.
 */
export function publicCertificateManifest(input: PublicCertificateInput) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: PUBLIC_CERTIFICATE, namespace: input.namespace, labels },
    spec: {
      secretName: PUBLIC_CERTIFICATE_SECRET,
      secretTemplate: { labels },
      dnsNames: input.dnsNames,
      privateKey: privateKey(acmeKey(input.key)),
      usages: ["digital signature", "server auth"],
      issuerRef: { name: input.issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
    },
  };
}
