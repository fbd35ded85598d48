// The network resolve step: the catalog's peers and ranges, istiod only with the mesh, isolation policies only with
// incident response.
import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { catalogNetworkPolicies } from "./network-policies";
import { resolveNetwork } from "./settings";

describe("network settings", () => {
  it("staging: the catalog, the network peers, only the cluster's ranges, istiod and the isolation policies", () => {
    const config = stackConfigWith("staging");
    const settings = resolveNetwork(config);
    assert.deepEqual(settings.catalog, config.catalog);
    assert.deepEqual(settings.network, config.network);
    assert.deepEqual(settings.cluster, { podCidrs: ["10.100.0.0/16"], serviceCidrs: ["172.20.0.0/16"], nodeCidrs: ["10.10.0.0/16"] });
    assert.deepEqual(settings.meshControlPlane, {
      name: "istiod",
      namespace: "istio-system",
      podLabels: { app: "istiod" },
      ports: [{ name: "grpc-xds", port: 15012, protocol: "TCP" }],
    });
    assert.equal(settings.isolationPolicies, true);
  });

  it("istiod follows mesh.istioNamespace", () => {
    assert.equal(resolveNetwork(stackConfigWith("staging", { mesh: { istioNamespace: "istio-prod" } })).meshControlPlane?.namespace, "istio-prod");
  });

  it("features.mesh off: no istiod to reach, and no egress rule towards it", () => {
    const settings = resolveNetwork(stackConfigWith("staging", { features: { mesh: false } }));
    assert.equal(settings.meshControlPlane, undefined);
    assert.doesNotMatch(JSON.stringify(catalogNetworkPolicies(settings)), /istiod|15012/);
  });

  it("features.incidentResponse off: no isolation policy", () => {
    const settings = resolveNetwork(stackConfigWith("staging", { features: { incidentResponse: false } }));
    assert.equal(settings.isolationPolicies, false);
    assert.deepEqual(
      catalogNetworkPolicies(settings, ["trivy-system", "velero"]).filter((p) => p.metadata.name === "incident-isolation"),
      [],
    );
  });
});
