// The mesh resolve step: present with the catalog, the platform callers and the trust domain; absent with the mesh off.
import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { catalogMeshObjects } from "./manifests";
import { resolveMesh } from "./settings";

describe("mesh settings", () => {
  it("staging: the catalog, the network peers and the default trust domain", () => {
    const config = stackConfigWith("staging");
    assert.deepEqual(resolveMesh(config), { catalog: config.catalog, network: config.network, trustDomain: "cluster.local" });
  });

  it("mesh.trustDomain names every principal", () => {
    const settings = resolveMesh(stackConfigWith("staging", { mesh: { trustDomain: "shop.example.com" } }))!;
    const principals = JSON.stringify(catalogMeshObjects(settings)).match(/"[^"]*\/ns\/[^"]*"/g) ?? [];
    assert.ok(principals.length > 0);
    assert.ok(
      principals.every((p) => p.startsWith('"shop.example.com/ns/')),
      principals.join(", "),
    );
  });

  it("absent when features.mesh is off", () => {
    assert.equal(resolveMesh(stackConfigWith("staging", { features: { mesh: false } })), undefined);
  });
});
