// The RBAC resolve step: the catalog's identities, and the registry pull secret only where the secrets concern syncs it.
import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { serviceAccountManifest } from "./manifests";
import { resolveRbac } from "./settings";

describe("RBAC settings", () => {
  it("staging: the catalog's services, and the registry pull secret in every app namespace (and trivy-operator's)", () => {
    const config = stackConfigWith("staging");
    const settings = resolveRbac(config);
    assert.deepEqual(settings.catalog, config.catalog);
    // The document's name and namespace (staging keeps the architecture document's names).
    assert.deepEqual(settings.pullSecret, { name: "harbor-pull-secret", namespaces: ["e-commerce"], scannerNamespace: "trivy-system" });
    // Without scanning, only the app namespaces; with the separated layout, both of them.
    assert.deepEqual(resolveRbac(stackConfigWith("staging", { features: { scanning: false }, naming: { layout: "separated" } })).pullSecret, {
      name: "registry-pull-secret",
      namespaces: ["ecommerce", "ecommerce-data"],
    });
  });

  it("no pull secret without a registry, without External Secrets, or without Helm releases (no operator syncs it)", () => {
    assert.equal(resolveRbac(stackConfigWith("staging", { secrets: { registry: undefined } })).pullSecret, undefined);
    assert.equal(resolveRbac(stackConfigWith("staging", { features: { externalSecrets: false } })).pullSecret, undefined);
    // e2e installs no chart, so no operator syncs the registry secret it names.
    assert.equal(resolveRbac(stackConfigWith("e2e", { secrets: { registry: { server: "registry.e2e.example.com" } } })).pullSecret, undefined);
  });

  it("a ServiceAccount names the pull secret only in a namespace it is synced into", () => {
    const [service] = stackConfigWith("staging").catalog;
    const elsewhere = { name: "pull", namespaces: ["other"] };
    assert.deepEqual(serviceAccountManifest(service, { name: "pull", namespaces: [service.namespace] }).imagePullSecrets, [{ name: "pull" }]);
    assert.equal("imagePullSecrets" in serviceAccountManifest(service, elsewhere), false);
    assert.equal("imagePullSecrets" in serviceAccountManifest(service), false);
  });
});
