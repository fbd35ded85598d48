/**
 * The internal CA as other concerns see it: the name of the cert-manager ClusterIssuer that signs every mTLS
 * certificate of the platform. components/certificates creates it; a concern that issues a Certificate from the
 * internal CA (logging's Elasticsearch, compliance's evidence store) names it from here and waits for the
 * `certificates` dependencies (`PlatformHandles.dependencies`, core/handles.ts).
 */

/** The CA ClusterIssuer that signs every service's mTLS certificate. */
export const INTERNAL_CA_ISSUER = "internal-ca-issuer";

/** Key of `PlatformHandles.dependencies` under which the certificates concern lists what a Certificate from the internal CA waits for. */
export const CERTIFICATES_DEPENDENCY = "certificates";
