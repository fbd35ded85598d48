/** The registry's public certificate: cert-manager keeps `harbor-tls` issued and renewed from an ACME ClusterIssuer. */
import type { AcmeIssuerName } from "../../core/acme-issuers";
import { componentLabels } from "../../core/labels";
import { HARBOR_CERTIFICATE, HARBOR_TLS_SECRET } from "./names";

const labels = componentLabels("registry");

/**
 * The Certificate `harbor` into the Secret `harbor-tls` (the document's), for the registry's host only, from the
 * ClusterIssuer the certificates concern creates. Requested here rather than through the document's
 * `cert-manager.io/cluster-issuer` Ingress annotation, which would make cert-manager create a second Certificate for the
 * same Secret. ECDSA P-256, a new key at each renewal.
 */
export function harborCertificateManifest(input: { namespace: string; host: string; issuer: AcmeIssuerName }) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: HARBOR_CERTIFICATE, namespace: input.namespace, labels },
    spec: {
      secretName: HARBOR_TLS_SECRET,
      secretTemplate: { labels },
      dnsNames: [input.host],
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      usages: ["digital signature", "server auth"],
      issuerRef: { name: input.issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
    },
  };
}
