/** Cross-section checks of the image-signatures concern. */
import type { ConfigIssue } from "../../core/config/errors";
import type { ImageSignaturesConfig } from "./settings";

/** `features.imageSignatures` needs `scanning.signatures` (the registry glob and the cosign public key). */
export function imageSignaturesIssues(c: ImageSignaturesConfig): ConfigIssue[] {
  return c.features.imageSignatures && !c.scanning.signatures
    ? [{ key: "scanning.signatures", message: "is required when features.imageSignatures is on (registryGlob and cosignPublicKey)" }]
    : [];
}
