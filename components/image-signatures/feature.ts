/** The image-signatures concern: sigstore policy-controller and the ClusterImagePolicy of the platform's key. */
import type { Feature } from "../../core/feature";
import { imageSignaturesIssues } from "./checks";
import { ImageSignatures } from "./component";
import { policyControllerPolicyExceptions } from "./policy-exceptions";
import { resolveImageSignatures, type ImageSignaturesConfig, type ResolvedImageSignatures } from "./settings";

export const imageSignaturesFeature: Feature<ImageSignaturesConfig, ResolvedImageSignatures> = {
  name: "image-signatures",
  switches: { imageSignatures: { description: "sigstore policy-controller and the ClusterImagePolicy.", default: true } },
  checks: imageSignaturesIssues,
  resolve: resolveImageSignatures,
  namespaces: (settings) => [{ name: settings.namespace, purpose: "sigstore policy-controller (image signature admission)" }],
  // Present only with Helm releases (resolve), so the chart is always installed here.
  policyExceptions: () => policyControllerPolicyExceptions(),
  create: (settings, handles, opts) => ({
    component: new ImageSignatures("image-signatures", { settings, handles }, opts),
  }),
};
