/** Cross-section checks of the image-signatures concern. */
import { appNamespaceImages } from "../../core/app-namespace-images";
import { installsRelease } from "../../core/config/charts";
import type { ConfigIssue } from "../../core/config/errors";
import { globMatches } from "./image-policy";
import type { ImageSignaturesConfig } from "./settings";

/** Where each publisher documents its signing key, for the message that asks for one. */
const PUBLISHER_KEYS: Record<string, string> = {
  "istio-proxy": "Istio's key https://istio.io/misc/istio-key.pub (istio-key-v2.pub from 1.31.1)",
  "cert-manager-acmesolver": "cert-manager's key https://cert-manager.io/public-keys/cert-manager-pubkey-2021-09-20.pem, hashAlgorithm sha512",
  velero: "Velero's signer",
};

/**
 * `features.imageSignatures` needs `scanning.signatures` (the registry glob and the cosign public key); every
 * third-party image the platform runs in the opted-in namespaces needs a signer (or the platform's countersignatures),
 * else admission refuses the platform's own pods; and the private registry's glob must not cover the mirrored copies
 * of those images (every matching policy must pass: they would need the platform's signature in the mirror too).
 */
export function imageSignaturesIssues(c: ImageSignaturesConfig): ConfigIssue[] {
  if (!c.features.imageSignatures) return [];
  const signatures = c.scanning.signatures;
  if (!signatures) return [{ key: "scanning.signatures", message: "is required when features.imageSignatures is on (registryGlob and cosignPublicKey)" }];
  const issues: ConfigIssue[] = [];
  // The policies exist only with policy-controller, a chart (resolve: the concern is absent without Helm releases).
  if (!installsRelease(c, "policy-controller")) return issues;
  for (const image of appNamespaceImages(c)) {
    if (!signatures.thirdPartySigners[image.name] && !signatures.countersignatures) {
      issues.push({
        key: `scanning.signatures.thirdPartySigners.${image.name}`,
        message: `is required (or scanning.signatures.countersignatures): ${image.repository} runs in the namespaces under signature admission (${image.why}); set its publisher's key (${PUBLISHER_KEYS[image.name]}) or keyless identity`,
      });
    }
    if (c.images.registryMirror && globMatches(signatures.registryGlob, `${image.repository}:tag`)) {
      issues.push({
        key: "scanning.signatures.registryGlob",
        value: signatures.registryGlob,
        message: `also matches the mirrored ${image.repository}, which would then need the platform's own signature in the mirror as well as its publisher's: narrow it to the platform's own images (e.g. <registry>/<project>/**)`,
      });
    }
  }
  return issues;
}
