// Adding a service through config (`services.<name>`) gives it identity, network rules and mesh rules in one change
// (staging: the seed services under the architecture document's names, in e-commerce).
import { strict as assert } from "node:assert";
import { allowed, connectionsFrom, connectionsTo, ConnectionSet } from "@ecommerce-security/netpol";
import { objectNamed, runStack, type KubernetesObject } from "../../tests/harness";
import { analyzeRun, podId, stagingWithReviews } from "./test-fixtures";

const reviews = podId("reviews", "reviews-service");

describe("adding reviews-service through the services config", () => {
  it("gets a namespace of its own with Pod Security restricted, default-deny and STRICT mTLS", async () => {
    const run = await runStack("staging", stagingWithReviews);
    const ns = objectNamed(run, "Namespace", "reviews");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    assert.equal(ns.metadata.labels?.["istio-injection"], "enabled");
    objectNamed(run, "NetworkPolicy", "default-deny-all", "reviews");
    assert.deepEqual(objectNamed(run, "PeerAuthentication", "default", "reviews").spec, { mtls: { mode: "STRICT" } });
    objectNamed(run, "AuthorizationPolicy", "deny-by-default", "reviews");
  });

  it("gets a ServiceAccount without token and a Role reading only its own Secret and ConfigMap", async () => {
    const run = await runStack("staging", stagingWithReviews);
    assert.equal(objectNamed(run, "ServiceAccount", "reviews-service", "reviews").automountServiceAccountToken, false);
    assert.deepEqual(objectNamed(run, "Role", "reviews-service", "reviews").rules, [
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["reviews-service-secrets"] },
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["reviews-service-config"] },
    ]);
    assert.deepEqual(objectNamed(run, "RoleBinding", "reviews-service", "reviews").subjects, [
      { kind: "ServiceAccount", name: "reviews-service", namespace: "reviews" },
    ]);
  });

  it("gets ingress and egress NetworkPolicies: the api-gateway may call it on 9100 and it may call products-service on 9000, nothing more", async () => {
    const run = await runStack("staging", stagingWithReviews);
    objectNamed(run, "NetworkPolicy", "reviews-service-ingress", "reviews");
    objectNamed(run, "NetworkPolicy", "reviews-service-egress", "reviews");
    const result = analyzeRun(run);
    assert.ok(allowed(result, podId("e-commerce", "api-gateway"), reviews).equals(ConnectionSet.of({ TCP: [9100] })));
    assert.ok(allowed(result, reviews, podId("e-commerce", "products-service")).equals(ConnectionSet.of({ TCP: [9000] })));
    assert.deepEqual(
      connectionsTo(result, reviews).map((c) => c.src.id),
      [podId("e-commerce", "api-gateway")],
    );
    assert.deepEqual(
      connectionsFrom(result, reviews)
        .map((c) => `${c.dst.id} : ${c.conns}`)
        .sort(),
      [
        `${podId("e-commerce", "products-service")} : TCP 9000`,
        `${podId("istio-system", "istiod")} : TCP 15012`,
        `${podId("kube-system", "kube-dns")} : TCP 53,UDP 53`,
      ],
    );
  });

  it("gets a DestinationRule and an AuthorizationPolicy admitting the api-gateway, and products-service admits reviews-service", async () => {
    const run = await runStack("staging", stagingWithReviews);
    assert.equal(
      (objectNamed(run, "DestinationRule", "reviews-service", "reviews").spec as { host: string }).host,
      "reviews-service.reviews.svc.cluster.local",
    );
    const own = objectNamed<KubernetesObject & { spec: { rules: unknown[] } }>(run, "AuthorizationPolicy", "reviews-service", "reviews");
    assert.deepEqual(own.spec.rules, [
      { from: [{ source: { principals: ["cluster.local/ns/e-commerce/sa/gateway-sa"] } }], to: [{ operation: { ports: ["9100"] } }] },
    ]);
    const products = objectNamed<KubernetesObject & { spec: { rules: unknown[] } }>(run, "AuthorizationPolicy", "products-service", "e-commerce");
    assert.ok(JSON.stringify(products.spec.rules).includes('"cluster.local/ns/reviews/sa/reviews-service"'));
  });
});
