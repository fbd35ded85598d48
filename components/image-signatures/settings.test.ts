import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveImageSignatures, type ImageSignaturesConfig } from "./settings";

/** A validated stack configuration with some of its resolved keys replaced (what a stack file cannot express). */
function configWith(stack: string, replace: (config: ImageSignaturesConfig) => Partial<ImageSignaturesConfig>): ImageSignaturesConfig {
  const config = stackConfigWith(stack);
  return { ...config, ...replace(config) };
}

describe("image-signatures settings", () => {
  it("policy-controller runs in cosign-system with scanning.signatures after its defaults", () => {
    const settings = resolveImageSignatures(stackConfigWith("staging"));
    assert.ok(settings);
    assert.equal(settings.namespace, "cosign-system");
    assert.equal(settings.signatures.registryGlob, "registry.staging.shop.example.com/**");
    // Unmatched images are refused unless a stack says otherwise.
    assert.deepEqual([settings.signatures.mode, settings.signatures.unmatchedImages, settings.signatures.webhookReplicas], ["enforce", "deny", 2]);
    assert.deepEqual(
      settings.appNamespaceImages.map((i) => [i.name, i.repository]),
      [
        ["istio-proxy", "docker.io/istio/proxyv2"],
        ["cert-manager-acmesolver", "quay.io/jetstack/cert-manager-acmesolver"],
      ],
    );
  });

  it("is absent when features.imageSignatures is off, without Helm releases, or without scanning.signatures", () => {
    assert.equal(resolveImageSignatures(configWith("staging", (c) => ({ features: { ...c.features, imageSignatures: false } }))), undefined);
    assert.equal(resolveImageSignatures(configWith("staging", (c) => ({ capabilities: { ...c.capabilities, helm: false } }))), undefined);
    assert.equal(resolveImageSignatures(configWith("staging", (c) => ({ scanning: { ...c.scanning, signatures: undefined } }))), undefined);
    assert.equal(resolveImageSignatures(stackConfigWith("e2e")), undefined, "the e2e stack installs no chart");
  });
});
