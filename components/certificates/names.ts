/**
 * The fixed names of the TLS layer, in one place: users and other components refer to them
 * (an Ingress names the public secret, a workload mounts `<service>-tls`, a Certificate names `internal-ca-issuer`).
 */

/** Namespace cert-manager is installed into; also its cluster resource namespace (ClusterIssuer secrets live here). */
export const CERT_MANAGER_NAMESPACE = "cert-manager";

/** Helm release name of cert-manager: the `app.kubernetes.io/instance` label of its pods. */
export const CERT_MANAGER_RELEASE = "cert-manager";

/** The namespaced CA Issuer, one per namespace, that signs its namespace's mTLS certificates (declared in core/: other concerns name it too). */
export { INTERNAL_CA_ISSUER } from "../../core/internal-ca";

/** Secret (type kubernetes.io/tls) in each Issuer namespace holding that namespace's intermediate CA certificate and key. */
export const INTERNAL_CA_SECRET = "internal-ca";

/** Secret (in cert-manager's namespace) holding the Cloudflare API token of the DNS-01 solver. */
export const CLOUDFLARE_TOKEN_SECRET = "cloudflare-api-token";

/** Key of the token inside {@link CLOUDFLARE_TOKEN_SECRET}. */
export const CLOUDFLARE_TOKEN_KEY = "api-token";

/** The public certificate (apex and wildcard of `domains.public`), in the edge service's namespace. */
export const PUBLIC_CERTIFICATE = "public-wildcard";

/** The Secret cert-manager writes the public certificate into; the Ingress serves it. */
export const PUBLIC_CERTIFICATE_SECRET = "public-wildcard-tls";

/** The ACME ClusterIssuers and their directories (declared in core/: the registry's certificate names one too). */
export { ACME_ISSUERS, type AcmeIssuerName } from "../../core/acme-issuers";

/** Name of the mTLS Certificate of a catalog service: the service name, as the catalog promises. */
export function serviceCertificateName(service: { name: string }): string {
  return service.name;
}

/** Name of the Secret holding a service's mTLS key pair (and `ca.crt`): what its pods mount. */
export function serviceCertificateSecret(service: { name: string }): string {
  return `${service.name}-tls`;
}
