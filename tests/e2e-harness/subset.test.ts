import { strict as assert } from "node:assert";
import { pluralOf } from "../../tools/e2e/lib/cluster-standins";
import { quantityValue, subsetMismatches } from "../../tools/e2e/lib/subset";

describe("e2e harness: a declared object is found in the live one", () => {
  it("accepts fields the API server adds (defaults, status)", () => {
    const declared = { spec: { ports: [{ port: 3306 }] } };
    const live = { spec: { ports: [{ port: 3306, protocol: "TCP" }] }, status: {} };
    assert.deepEqual(subsetMismatches(declared, live), []);
  });

  it("reports a changed value with its path", () => {
    const mismatches = subsetMismatches({ metadata: { labels: { tier: "data" } } }, { metadata: { labels: { tier: "edge" } } });
    assert.deepEqual(mismatches, [{ path: "metadata.labels.tier", expected: "data", actual: "edge" }]);
  });

  it("reports a list of another length (a dropped rule is a difference)", () => {
    const mismatches = subsetMismatches({ rules: [{ a: 1 }, { b: 2 }] }, { rules: [{ a: 1 }] });
    assert.equal(mismatches.length, 1);
    assert.equal(mismatches[0].path, "rules");
  });

  it("treats a declared empty list or map as the field the server omits", () => {
    assert.deepEqual(subsetMismatches({ spec: { ingress: [], egress: [], podSelector: {} } }, { spec: {} }), []);
    assert.equal(subsetMismatches({ spec: { ingress: [] } }, { spec: { ingress: [{ from: [] }] } }).length, 1);
  });

  it("compares resource quantities by value", () => {
    assert.deepEqual(subsetMismatches({ cpu: "1000m", memory: "1Gi" }, { cpu: "1", memory: "1024Mi" }), []);
    assert.equal(subsetMismatches({ cpu: "500m" }, { cpu: "1" }).length, 1);
    assert.equal(quantityValue("2Gi"), 2 * 2 ** 30);
    assert.equal(quantityValue("TCP"), undefined);
  });
});

describe("e2e harness: CRD plurals follow the Kubernetes convention", () => {
  it("pluralises the Istio kinds as Istio's CRDs do", () => {
    assert.equal(pluralOf("AuthorizationPolicy"), "authorizationpolicies");
    assert.equal(pluralOf("PeerAuthentication"), "peerauthentications");
    assert.equal(pluralOf("DestinationRule"), "destinationrules");
    assert.equal(pluralOf("Ingress"), "ingresses");
  });
});
