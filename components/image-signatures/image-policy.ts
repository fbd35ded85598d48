/**
 * Image signature admission: the ClusterImagePolicies that make sigstore policy-controller require a signature, in
 * namespaces opted in with `policy.sigstore.dev/include: "true"` (the app namespaces, the PCI zone among them):
 * the platform's cosign signature on every image of the private registry, and the publisher's signature (or the
 * platform's countersignature) on each third-party image the platform itself runs there (core/app-namespace-images.ts).
 * What no policy matches is refused (`no-match-policy: deny`, policy-controller-values.ts).
 */
import type { AppNamespaceImage } from "../../core/app-namespace-images";
import type { ThirdPartySigner } from "../../core/config/image-signatures";
import { componentLabels } from "../../core/labels";
export { globMatches, qualifiedImage } from "../../core/image-globs";

/** The label that opts a namespace in to signature admission. */
export const IMAGE_POLICY_NAMESPACE_LABEL = "policy.sigstore.dev/include";
/** Name of the ClusterImagePolicy of the private registry. */
export const IMAGE_POLICY_NAME = "private-registry-signed";
/** The public Fulcio instance keyless signatures are issued by. */
const FULCIO_URL = "https://fulcio.sigstore.dev";

/** Config `scanning.signatures`. */
export interface ImagePolicyInput {
  /** Images this policy covers (ClusterImagePolicy glob). */
  registryGlob: string;
  /** The platform's cosign public key (PEM). */
  cosignPublicKey: string;
  /** `enforce` rejects, `warn` admits with a warning. */
  mode: "enforce" | "warn";
}

const pem = (key: string) => `${key.trim()}\n`;

/** The ClusterImagePolicy (policy.sigstore.dev/v1beta1) of the private registry. */
export function clusterImagePolicyManifest(p: ImagePolicyInput) {
  return {
    apiVersion: "policy.sigstore.dev/v1beta1",
    kind: "ClusterImagePolicy",
    metadata: { name: IMAGE_POLICY_NAME, labels: componentLabels("image-signatures") },
    spec: {
      mode: p.mode,
      images: [{ glob: p.registryGlob }],
      authorities: [{ name: "platform-cosign-key", key: { data: pem(p.cosignPublicKey), hashAlgorithm: "sha256" } }],
    },
  };
}

/**
 * The glob of a repository, any tag or digest, as policy-controller matches it: against the fully qualified name
 * (Docker Hub's `docker.io/...` is `index.docker.io/...`), `*` not crossing a `/`. It also matches longer repository
 * names of the same parent (`proxyv2-x`), which only the same publisher can push.
 */
export function repositoryGlob(repository: string): string {
  const qualified = repository.startsWith("docker.io/") ? `index.${repository}` : repository;
  return `${qualified}*`;
}

/** The platform's countersignatures: its key, with signatures read from its own repository. */
export interface Countersignatures {
  /** The platform's cosign public key (PEM). */
  cosignPublicKey: string;
  /** The OCI repository holding them (`scanning.signatures.countersignatures`). */
  repository: string;
}

/** The authority a publisher's signer config stands for. */
function publisherAuthority(signer: ThirdPartySigner) {
  if ("key" in signer) return { name: "publisher-key", key: { data: pem(signer.key), hashAlgorithm: signer.hashAlgorithm } };
  const { issuer, subject, subjectRegExp } = signer.keyless;
  return {
    name: "publisher-keyless",
    keyless: { url: FULCIO_URL, identities: [{ issuer, ...(subject !== undefined ? { subject } : { subjectRegExp }) }] },
  };
}

/**
 * The ClusterImagePolicy `<image>-signed` of a third-party image the platform runs in the opted-in namespaces: its
 * repository (or mirrored copy), any tag or digest, admitted when the publisher's signer or the platform's
 * countersignature verifies it (the authorities of one policy are alternatives).
 * @throws when it has neither (the checks refuse such a configuration first)
 */
export function thirdPartyImagePolicyManifest(
  image: AppNamespaceImage,
  signer: ThirdPartySigner | undefined,
  countersignatures: Countersignatures | undefined,
  mode: "enforce" | "warn",
) {
  const authorities = [
    ...(signer ? [publisherAuthority(signer)] : []),
    ...(countersignatures
      ? [
          {
            name: "platform-countersignature",
            key: { data: pem(countersignatures.cosignPublicKey), hashAlgorithm: "sha256" },
            source: [{ oci: countersignatures.repository }],
          },
        ]
      : []),
  ];
  if (authorities.length === 0) throw new Error(`no signer for ${image.name}: scanning.signatures.thirdPartySigners.${image.name} or countersignatures`);
  return {
    apiVersion: "policy.sigstore.dev/v1beta1",
    kind: "ClusterImagePolicy",
    metadata: {
      name: `${image.name}-signed`,
      labels: componentLabels("image-signatures"),
      annotations: { "ecommerce.example.com/description": `${image.repository}: ${image.why}` },
    },
    spec: { mode, images: [{ glob: repositoryGlob(image.repository) }], authorities },
  };
}
