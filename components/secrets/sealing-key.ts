/**
 * Our own Sealed Secrets sealing key: a `kubernetes.io/tls` Secret per key generation, labelled so the controller
 * loads it. The controller decrypts with every active key and seals with the newest, so keeping older generations
 * keeps older SealedSecrets readable after a rotation.
 */
import { componentLabels } from "../../core/labels";
import { SEALING_KEY_PREFIX } from "./chart-values";

/** The label (and value) the controller selects its keys by. */
export const SEALING_KEY_LABEL = "sealedsecrets.bitnami.com/sealed-secrets-key";
export const SEALING_KEY_ACTIVE = "active";

/** Subject of our sealing certificates (the controller's own keys use the same common name). */
export const SEALING_CERT_SUBJECT = { commonName: "sealed-secret", organization: "sealed-secret" } as const;

/** Name of the Secret of a key generation. */
export function sealingKeySecretName(generation: string): string {
  return `${SEALING_KEY_PREFIX}-${generation}`;
}

/** The TLS Secret holding one generation; certificate and key are passed in (Pulumi secrets in the program). */
export function sealingKeySecretManifest<V>(namespace: string, generation: string, certificatePem: V, privateKeyPem: V) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/tls",
    metadata: {
      name: sealingKeySecretName(generation),
      namespace,
      labels: { ...componentLabels("secrets"), [SEALING_KEY_LABEL]: SEALING_KEY_ACTIVE, "ecommerce.example.com/sealing-key-generation": generation },
    },
    stringData: { "tls.crt": certificatePem, "tls.key": privateKeyPem },
  };
}
