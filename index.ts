// ecommerce-security: the security layer of the Kubernetes e-commerce platform.
// The Platform (platform/platform.ts) creates every concern of platform/features.ts; this file only reads the
// configuration, builds the Platform and exports its outputs:
//   namespaces                 the namespaces this stack declares
//   internalCaCertificate      PEM of the internal CA that signs every service's mTLS certificate (the key stays secret)
//   sealedSecretsCertificate   PEM of the Sealed Secrets sealing key, for `kubeseal --cert` offline
//   auditPolicy                the Kubernetes audit policy for `kube-apiserver --audit-policy-file`
//   eksControlPlaneLogTypes    EKS control-plane log types to enable (EKS takes no custom audit policy)
// An output whose feature is off is left out.
import { loadStackConfig } from "./platform/config/load";
import { Platform } from "./platform/platform";

export = new Platform("ecommerce", { config: loadStackConfig() }).stackOutputs;
