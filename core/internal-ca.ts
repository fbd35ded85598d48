/**
 * The internal CA as other concerns see it. components/certificates keeps the root CA's key out of the cluster and
 * gives each namespace that needs internal-CA certificates its own intermediate CA and a namespaced cert-manager
 * `Issuer` named {@link INTERNAL_CA_ISSUER}: a Certificate can only name the Issuer of its own namespace, and an
 * admission policy lets that Issuer sign only the namespace's own names. A concern that issues a Certificate from the
 * internal CA (logging's Elasticsearch and Kibana) uses {@link internalCaIssuerRef}, has its
 * namespace listed by {@link internalCaClientNamespaces}, and waits for the `certificates` dependencies
 * (`PlatformHandles.dependencies`, core/handles.ts).
 */
import { eksAuditShipperOf, type EksAuditShipperInput } from "./audit-log";
import { logStoreOf, type LogStoreInput } from "./log-store";

/** The namespaced CA Issuer (one per namespace listed) that signs the internal-CA certificates of its namespace. */
export const INTERNAL_CA_ISSUER = "internal-ca-issuer";

/** The `issuerRef` of a Certificate from the internal CA: the Issuer of the Certificate's own namespace. */
export function internalCaIssuerRef() {
  return { name: INTERNAL_CA_ISSUER, kind: "Issuer", group: "cert-manager.io" };
}

/**
 * The public ConfigMap in every Issuer namespace: `ca.crt` is that namespace's intermediate CA certificate (trust only
 * what this namespace's Issuer signed), `root-ca.crt` the root (trust any internal-CA certificate).
 */
export const INTERNAL_CA_CONFIGMAP = "internal-ca";
/** Key of the namespace's own CA certificate in {@link INTERNAL_CA_CONFIGMAP}. */
export const NAMESPACE_CA_KEY = "ca.crt";
/** Key of the root CA certificate in {@link INTERNAL_CA_CONFIGMAP}. */
export const ROOT_CA_KEY = "root-ca.crt";

/** Key of `PlatformHandles.dependencies` under which the certificates concern lists what a Certificate from the internal CA waits for. */
export const CERTIFICATES_DEPENDENCY = "certificates";

/**
 * The namespaces besides the catalog's that get an internal-CA Issuer: the in-cluster log store's when this stack
 * issues its certificates (Elasticsearch, Kibana). No client of the store in another namespace has one: the GDPR
 * log-retention job runs only against an external store (the in-cluster store's own lifecycle deletes its logs).
 */
export function internalCaClientNamespaces<Credential>(c: LogStoreInput<Credential>): string[] {
  const store = logStoreOf(c);
  if (!store || !store.endpoint.inCluster || store.providedTlsSecretName || !store.stackIssuesCertificates) return [];
  return [store.namespace];
}

/**
 * The namespaces that only trust the internal CA: the `internal-ca` ConfigMap with the root alone, no intermediate and
 * no Issuer. The log collector's (Fluent Bit verifies the in-cluster Elasticsearch and has no certificate of its own),
 * and on EKS the audit shipper's (core/audit-log.ts), which writes to the same store.
 */
export function internalCaTrustNamespaces<Credential>(c: LogStoreInput<Credential> & Pick<EksAuditShipperInput, "cluster" | "audit">): string[] {
  const store = logStoreOf(c);
  if (!store || !store.endpoint.inCluster || store.providedTlsSecretName || !store.stackIssuesCertificates) return [];
  const shipper = eksAuditShipperOf(c);
  return [store.collectorNamespace, ...(shipper ? [shipper.namespace] : [])];
}
