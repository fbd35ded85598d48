/** The image-signatures concern: sigstore policy-controller and the ClusterImagePolicy of the platform's key. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import type { ScanningConfig } from "../scanning/schema";
import { ImageSignatures } from "./component";

export const imageSignaturesFeature: Feature<StackConfig, { config: StackConfig; signatures: NonNullable<ScanningConfig["signatures"]> }> = {
  name: "image-signatures",
  switches: { imageSignatures: { description: "sigstore policy-controller and the ClusterImagePolicy.", default: true } },
  checks: (c: StackConfig) =>
    c.features.imageSignatures && !c.scanning.signatures
      ? [{ key: "scanning.signatures", message: "is required when features.imageSignatures is on (registryGlob and cosignPublicKey)" }]
      : [],
  resolve: (c: StackConfig) => (c.features.imageSignatures && c.capabilities.helm && c.scanning.signatures ? { config: c, signatures: c.scanning.signatures } : undefined),
  namespaces: () => [{ name: "cosign-system", purpose: "sigstore policy-controller (image signature admission)" }],
  create: ({ config, signatures }, handles, opts) => ({
    component: new ImageSignatures("image-signatures", { ctx: legacyContext(config, handles), signatures }, opts),
  }),
};
