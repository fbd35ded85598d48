/**
 * The internal CA as data: the arguments of its @pulumi/tls key and self-signed certificate, and the Secret
 * that hands the key pair to cert-manager's CA ClusterIssuer. Values that come from the TLS provider (PEMs) are
 * passed in, so this file stays free of Pulumi.
 */
import { componentLabels } from "../../core/labels";
import { CERT_MANAGER_NAMESPACE, INTERNAL_CA_SECRET } from "./names";

/** The `tls.ca` settings this file reads. */
export interface CaSettings {
  commonName: string;
  organization: string;
  algorithm: "RSA" | "ECDSA";
  rsaBits: number;
  ecdsaCurve: "P256" | "P384" | "P521";
  validityHours: number;
  earlyRenewalHours: number;
}

/** Arguments of the CA's `tls.PrivateKey`: only the field of the chosen algorithm is set. */
export function caKeyArgs(ca: CaSettings): { algorithm: string; rsaBits?: number; ecdsaCurve?: string } {
  return ca.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: ca.rsaBits } : { algorithm: "ECDSA", ecdsaCurve: ca.ecdsaCurve };
}

/**
 * Arguments of the CA's `tls.SelfSignedCert` (without the key PEM): a CA certificate that may sign certificates
 * and CRLs and nothing else.
 */
export function caCertificateArgs(ca: CaSettings) {
  return {
    isCaCertificate: true,
    validityPeriodHours: ca.validityHours,
    earlyRenewalHours: ca.earlyRenewalHours,
    allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    subject: { commonName: ca.commonName, organization: ca.organization },
  };
}

/**
 * The `kubernetes.io/tls` Secret the CA ClusterIssuer signs with. `keyPem` must be a Pulumi secret; `ca.crt`
 * is included so issued Secrets carry the trust anchor.
 */
export function internalCaSecretManifest<T>(certPem: T, keyPem: T) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: INTERNAL_CA_SECRET, namespace: CERT_MANAGER_NAMESPACE, labels: componentLabels("certificates") },
    type: "kubernetes.io/tls",
    stringData: { "tls.crt": certPem, "tls.key": keyPem, "ca.crt": certPem },
  };
}
