/**
 * The issuers: the Let's Encrypt ClusterIssuers, production and staging (HTTP-01 through the ingress class, DNS-01
 * through Cloudflare for the wildcard names), and the internal CA's namespaced Issuers, one per namespace, each
 * signing with that namespace's intermediate CA; plus the Secret holding the Cloudflare token.
 */
import { componentLabels } from "../../core/labels";
import {
  ACME_ISSUERS,
  CERT_MANAGER_NAMESPACE,
  CLOUDFLARE_TOKEN_KEY,
  CLOUDFLARE_TOKEN_SECRET,
  INTERNAL_CA_ISSUER,
  INTERNAL_CA_SECRET,
  type AcmeIssuerName,
} from "./names";
import { opaqueSecretManifest } from "../../core/secret-manifest";

const labels = componentLabels("certificates");

/** What an ACME ClusterIssuer needs. */
export interface AcmeIssuerInput {
  /** Account email for expiry notices. */
  email: string;
  /** IngressClass the HTTP-01 solver's temporary Ingress uses. */
  ingressClassName: string;
  /** DNS-01 through Cloudflare for these names (the wildcard certificate's); absent means HTTP-01 only. */
  dns01?: { dnsNames: string[] };
}

/**
 * An ACME ClusterIssuer. The DNS-01 solver is selected by the exact wildcard names (cert-manager prefers a
 * dnsNames match over the selector-less HTTP-01 solver), so every other name keeps using HTTP-01.
 */
export function acmeClusterIssuerManifest(name: AcmeIssuerName, input: AcmeIssuerInput) {
  const http01 = {
    http01: {
      ingress: {
        ingressClassName: input.ingressClassName,
        // The solver pod answers the ingress controller, which is outside the mesh: a sidecar with STRICT mTLS
        // would refuse it, so the solver runs without one.
        podTemplate: { metadata: { annotations: { "sidecar.istio.io/inject": "false" } } },
      },
    },
  };
  const dns01 = input.dns01 && {
    selector: { dnsNames: input.dns01.dnsNames },
    dns01: { cloudflare: { apiTokenSecretRef: { name: CLOUDFLARE_TOKEN_SECRET, key: CLOUDFLARE_TOKEN_KEY } } },
  };
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name, labels },
    spec: {
      acme: {
        email: input.email,
        server: ACME_ISSUERS[name],
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers: dns01 ? [dns01, http01] : [http01],
      },
    },
  };
}

/**
 * The internal CA's Issuer of one namespace, signing with that namespace's intermediate CA (the Secret
 * {@link INTERNAL_CA_SECRET} beside it). Namespaced, so only Certificates of this namespace can name it; what they may
 * name is the admission policy's business (./admission-policies).
 */
export function caIssuerManifest(namespace: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: INTERNAL_CA_ISSUER, namespace, labels },
    spec: { ca: { secretName: INTERNAL_CA_SECRET } },
  };
}

/**
 * The Secret holding the Cloudflare API token, in cert-manager's cluster resource namespace (where ClusterIssuers
 * read their secrets). `token` must be a Pulumi secret; its type is left open so lib stays free of Pulumi.
 */
export function cloudflareTokenSecretManifest<T>(token: T) {
  return opaqueSecretManifest({ name: CLOUDFLARE_TOKEN_SECRET, namespace: CERT_MANAGER_NAMESPACE, labels }, { [CLOUDFLARE_TOKEN_KEY]: token });
}
