/**
 * Image signature admission: the ClusterImagePolicy that makes sigstore policy-controller require the platform's
 * cosign signature on every image from the private registry, in namespaces opted in with
 * `policy.sigstore.dev/include: "true"`.
 */
import { componentLabels } from "../../core/labels";

/** The label that opts a namespace in to signature admission. */
export const IMAGE_POLICY_NAMESPACE_LABEL = "policy.sigstore.dev/include";
/** Name of the ClusterImagePolicy. */
export const IMAGE_POLICY_NAME = "private-registry-signed";

/** Config `scanning.signatures`. */
export interface ImagePolicyInput {
  /** Images this policy covers (ClusterImagePolicy glob). */
  registryGlob: string;
  /** The platform's cosign public key (PEM). */
  cosignPublicKey: string;
  /** `enforce` rejects, `warn` admits with a warning. */
  mode: "enforce" | "warn";
}

/** The ClusterImagePolicy (policy.sigstore.dev/v1beta1). */
export function clusterImagePolicyManifest(p: ImagePolicyInput) {
  return {
    apiVersion: "policy.sigstore.dev/v1beta1",
    kind: "ClusterImagePolicy",
    metadata: { name: IMAGE_POLICY_NAME, labels: componentLabels("image-signatures") },
    spec: {
      mode: p.mode,
      images: [{ glob: p.registryGlob }],
      authorities: [
        {
          name: "platform-cosign-key",
          key: { data: `${p.cosignPublicKey.trim()}\n`, hashAlgorithm: "sha256" },
        },
      ],
    },
  };
}
