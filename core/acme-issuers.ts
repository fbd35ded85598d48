/**
 * The Let's Encrypt ClusterIssuers the certificates concern creates (components/certificates/issuers.ts), by name: other
 * concerns that request a public certificate (the registry's `harbor-tls`) name one of them. Declared here so they share
 * the names without importing the certificates concern.
 */

/** The ACME ClusterIssuers and their directories. */
export const ACME_ISSUERS = {
  "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** Name of an ACME ClusterIssuer. */
export type AcmeIssuerName = keyof typeof ACME_ISSUERS;

/** The issuer names, for config enums. */
export const acmeIssuerNames = Object.keys(ACME_ISSUERS) as [AcmeIssuerName, ...AcmeIssuerName[]];
