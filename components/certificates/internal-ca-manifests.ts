/**
 * The internal CA as data: the arguments of its @pulumi/tls root key and self-signed certificate, of each namespace's
 * intermediate CA, and the objects that hand an intermediate to that namespace's cert-manager Issuer. The root key
 * never enters the cluster: it signs the intermediates in the program and lives only in the Pulumi state. Values that
 * come from the TLS provider (PEMs) are passed in, so this file stays free of Pulumi.
 */
import { INTERNAL_CA_CONFIGMAP, NAMESPACE_CA_KEY, ROOT_CA_KEY } from "../../core/internal-ca";
import { componentLabels } from "../../core/labels";
import { INTERNAL_CA_SECRET } from "./names";

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

/** What a CA certificate may do: sign certificates and CRLs, nothing else. */
const CA_USES = ["cert_signing", "crl_signing", "digital_signature"];

/** Arguments of a CA's `tls.PrivateKey` (the root's and each intermediate's): only the field of the chosen algorithm is set. */
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
    allowedUses: CA_USES,
    subject: { commonName: ca.commonName, organization: ca.organization },
  };
}

/** Subject of a namespace's intermediate CA (its `tls.CertRequest`): the root's, with the namespace in the common name. */
export function intermediateSubject(ca: CaSettings, namespace: string) {
  return { commonName: `${ca.commonName} (${namespace})`, organization: ca.organization, organizationalUnit: namespace };
}

/**
 * Arguments of a namespace's intermediate `tls.LocallySignedCert` (without the request and the root's PEMs): a CA
 * that may sign leaf certificates only (path length 0: a CA it signed would not be trusted), as long-lived as the
 * root and re-issued by `pulumi up` at the same time before expiry.
 */
export function intermediateCertificateArgs(ca: CaSettings) {
  return {
    isCaCertificate: true,
    maxPathLength: 0,
    validityPeriodHours: ca.validityHours,
    earlyRenewalHours: ca.earlyRenewalHours,
    allowedUses: CA_USES,
  };
}

/** The PEM chain of an intermediate: itself, then the root (so cert-manager's issued `ca.crt` is the root). */
export function intermediateChain(intermediatePem: string, rootPem: string): string {
  const block = (pem: string) => (pem.endsWith("\n") ? pem : `${pem}\n`);
  return block(intermediatePem) + block(rootPem);
}

/**
 * The `kubernetes.io/tls` Secret a namespace's Issuer signs with: the intermediate's key, its chain up to the root
 * (issued Secrets get `tls.crt` = leaf + intermediate and `ca.crt` = root, so every client trusting the root verifies
 * them), and the root as `ca.crt`. `keyPem` must be a Pulumi secret.
 */
export function internalCaSecretManifest<T>(namespace: string, chainPem: T, keyPem: T, rootPem: T) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: INTERNAL_CA_SECRET, namespace, labels: componentLabels("certificates") },
    type: "kubernetes.io/tls",
    stringData: { "tls.crt": chainPem, "tls.key": keyPem, "ca.crt": rootPem },
  };
}

/**
 * The public ConfigMap beside it: the namespace's own CA certificate (to trust only what this namespace's Issuer
 * signed, as Elasticsearch's transport does) and the root (to trust any internal-CA certificate).
 */
export function internalCaConfigMapManifest<T>(namespace: string, intermediatePem: T, rootPem: T) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: INTERNAL_CA_CONFIGMAP, namespace, labels: componentLabels("certificates") },
    data: { [NAMESPACE_CA_KEY]: intermediatePem, [ROOT_CA_KEY]: rootPem },
  };
}

/** The same ConfigMap in a namespace that only trusts the internal CA (no Issuer there): the root alone. */
export function internalCaTrustConfigMapManifest<T>(namespace: string, rootPem: T) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: INTERNAL_CA_CONFIGMAP, namespace, labels: componentLabels("certificates") },
    data: { [ROOT_CA_KEY]: rootPem },
  };
}
