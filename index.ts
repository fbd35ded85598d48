// ecommerce-security: the security layer of the Kubernetes e-commerce platform.
// Everything lives in components/platform.ts; this file only reads the configuration and exports outputs.
import { loadStackConfig } from "./config";
import { Platform } from "./components/platform";

const config = loadStackConfig();
const platform = new Platform("ecommerce", { config });

/** Namespaces this stack declares. */
export const namespaces = platform.namespaceNames;

/** PEM of the internal CA certificate that signs every service's mTLS certificate (public; the key stays a secret). */
export const internalCaCertificate = platform.internalCaCertificate;

/** PEM certificate of the Sealed Secrets sealing key, for `kubeseal --cert` offline (public; not a secret). */
export const sealedSecretsCertificate = platform.sealedSecretsCertificate;

/** The Kubernetes audit policy for `kube-apiserver --audit-policy-file` (same document as audit/audit-policy.yaml). */
export const auditPolicy = platform.auditPolicy;

/** EKS control-plane log types to enable on the cluster (EKS takes no custom audit policy). */
export const eksControlPlaneLogTypes = platform.eksControlPlaneLogTypes;
