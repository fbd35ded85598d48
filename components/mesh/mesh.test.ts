// Istio from the catalog: STRICT mutual TLS in every app namespace, ISTIO_MUTUAL towards every service, deny by
// default, and one ALLOW policy per called service naming exactly its callers' principals and ports.
import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { catalogNamespaces } from "../../core/catalog";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";

interface AuthorizationPolicy extends KubernetesObject {
  spec: {
    selector?: { matchLabels: Record<string, string> };
    action?: string;
    rules?: Array<{ from: Array<{ source: { principals: string[] } }>; to: Array<{ operation: { ports: string[] } }> }>;
  };
}

/** `principal -> ports` of every rule of an ALLOW policy. */
function grants(policy: AuthorizationPolicy): string[] {
  return (policy.spec.rules ?? [])
    .flatMap((r) => r.from.flatMap((f) => f.source.principals.map((p) => `${p} -> ${r.to.flatMap((t) => t.operation.ports).join(",")}`)))
    .sort();
}

/** A catalog service of the run: its namespace, ServiceAccount and selector label follow the stack's `naming`. */
const serviceOf = (run: StackRun, name: string) => run.config.catalog.find((s) => s.name === name)!;
/** The principal of a catalog service in the run. */
const principalOf = (run: StackRun, name: string) => `cluster.local/ns/${serviceOf(run, name).namespace}/sa/${serviceOf(run, name).serviceAccount}`;

for (const stack of realStacks) {
  describe(`Istio mTLS and authorization: ${stack}`, () => {
    it("every app namespace enforces STRICT mutual TLS and denies what no policy allows", async () => {
      const run = await runStack(stack);
      for (const ns of catalogNamespaces(run.config)) {
        assert.deepEqual(objectNamed(run, "PeerAuthentication", "default", ns).spec, { mtls: { mode: "STRICT" } });
        assert.deepEqual(objectNamed(run, "AuthorizationPolicy", "deny-by-default", ns).spec, {});
        assert.equal(objectNamed(run, "AuthorizationPolicy", "deny-by-default", ns).apiVersion, "security.istio.io/v1");
        assert.equal(objectNamed(run, "Namespace", ns).metadata.labels?.["istio-injection"], "enabled");
      }
    });

    it("clients of every service originate Istio mutual TLS to its cluster host", async () => {
      const run = await runStack(stack);
      for (const s of run.config.catalog) {
        const rule = objectNamed(run, "DestinationRule", s.name, s.namespace);
        assert.equal(rule.apiVersion, "networking.istio.io/v1");
        assert.deepEqual(rule.spec, { host: `${s.name}.${s.namespace}.svc.cluster.local`, trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } });
      }
    });

    it("orders-mysql admits only orders-service's principal, on 3306", async () => {
      const run = await runStack(stack);
      const mysql = serviceOf(run, "orders-mysql");
      const policy = objectNamed<AuthorizationPolicy>(run, "AuthorizationPolicy", "orders-mysql", mysql.namespace);
      assert.equal(policy.spec.action, "ALLOW");
      assert.deepEqual(policy.spec.selector, { matchLabels: { [run.config.naming.selectorLabel]: "orders-mysql" } });
      assert.deepEqual(grants(policy), [`${principalOf(run, "orders-service")} -> 3306`]);
    });

    it("the api-gateway admits only the ingress controller's principal, on 8100", async () => {
      const run = await runStack(stack);
      const policy = objectNamed<AuthorizationPolicy>(run, "AuthorizationPolicy", "api-gateway", serviceOf(run, "api-gateway").namespace);
      assert.deepEqual(grants(policy), ["cluster.local/ns/ingress-nginx/sa/ingress-nginx -> 8100"]);
    });

    it("rabbitmq admits the api-gateway and orders-service on AMQP and the monitoring scraper on the metrics port only", async () => {
      const run = await runStack(stack);
      const policy = objectNamed<AuthorizationPolicy>(run, "AuthorizationPolicy", "rabbitmq", serviceOf(run, "rabbitmq").namespace);
      assert.deepEqual(
        grants(policy),
        [
          `${principalOf(run, "api-gateway")} -> 5672`,
          `${principalOf(run, "orders-service")} -> 5672`,
          "cluster.local/ns/monitoring/sa/prometheus -> 15692",
        ].sort(),
      );
    });

    it("the ALLOW policies grant exactly the catalog's edges, by principal and port, and nothing else", async () => {
      const run = await runStack(stack);
      const c = run.config;
      const expected: string[] = [];
      for (const caller of c.catalog) {
        for (const dep of caller.dependsOn) {
          const callee = c.catalog.find((s) => s.name === dep.service)!;
          const ports = callee.ports
            .filter((p) => dep.ports.includes(p.name))
            .map((p) => p.port)
            .join(",");
          expected.push(`${callee.namespace}/${callee.name}: ${c.mesh.trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccount} -> ${ports}`);
        }
      }
      for (const callee of c.catalog) {
        for (const entry of callee.calledBy) {
          const peer = entry.peer === "ingress-controller" ? c.network.ingressController : c.network.monitoring;
          const ports = callee.ports
            .filter((p) => entry.ports.includes(p.name))
            .map((p) => p.port)
            .join(",");
          expected.push(`${callee.namespace}/${callee.name}: ${c.mesh.trustDomain}/ns/${peer.namespace}/sa/${peer.serviceAccount} -> ${ports}`);
        }
      }
      // The GDPR clean-up job (components/compliance) on each service declaring a retention endpoint, on that port.
      for (const callee of c.catalog.filter((s) => s.retention)) {
        const port = callee.ports.find((p) => p.name === callee.retention!.port)!.port;
        expected.push(
          `${callee.namespace}/${callee.name}-gdpr-data-cleanup: ${c.mesh.trustDomain}/ns/${c.compliance.namespace}/sa/gdpr-data-cleanup -> ${port}`,
        );
      }
      const actual = objectsOfKind<AuthorizationPolicy>(run, "AuthorizationPolicy")
        .filter((p) => p.metadata.name !== "deny-by-default")
        .flatMap((p) => grants(p).map((g) => `${p.metadata.namespace}/${p.metadata.name}: ${g}`));
      assert.deepEqual(actual.sort(), expected.sort());
    });

    it("no ALLOW policy admits a caller without a principal, a namespace-wide source or every port", async () => {
      const run = await runStack(stack);
      for (const p of objectsOfKind<AuthorizationPolicy>(run, "AuthorizationPolicy").filter((x) => x.metadata.name !== "deny-by-default")) {
        assert.ok(p.spec.selector, `${p.metadata.name} selects its workload`);
        for (const rule of p.spec.rules ?? []) {
          assert.ok(
            rule.from.every((f) => Object.keys(f.source).join() === "principals" && f.source.principals.every((x) => !x.includes("*"))),
            `${p.metadata.name}: sources are exact principals`,
          );
          assert.ok(
            rule.to.every((t) => t.operation.ports.length > 0),
            `${p.metadata.name}: ports are listed`,
          );
        }
      }
    });

    it("mesh objects wait for their namespace", async () => {
      const run = await runStack(stack);
      const ns = serviceOf(run, "orders-service").namespace;
      const r = resourceOfObject(run, "PeerAuthentication", "default", ns);
      assert.ok(r.dependsOn.includes(`kubernetes:core/v1:Namespace::namespace-${ns}`), r.dependsOn.join(", "));
      assert.equal(r.parent?.type, "ecommerce:security:Mesh");
    });
  });
}

describe("Istio toggle", () => {
  it("features.mesh off removes the Istio objects, the injection labels and the sidecars' egress to istiod, and nothing else", async () => {
    const on = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { mesh: false } } });
    const istio = (o: KubernetesObject) => o.apiVersion.includes("istio.io");
    assert.ok(kubernetesObjects(on.resources).some(istio));
    assert.deepEqual(kubernetesObjects(off.resources).filter(istio), []);
    assert.equal(off.resources.filter((r) => r.type === "ecommerce:security:Mesh").length, 0);
    for (const ns of objectsOfKind(off, "Namespace")) assert.equal(ns.metadata.labels?.["istio-injection"], undefined, ns.metadata.name);
    const egress = objectNamed(off, "NetworkPolicy", "orders-service-egress", "e-commerce");
    assert.doesNotMatch(JSON.stringify(egress.spec), /istio/);
    // Every non-Istio object is still there, but the signature policy of the sidecar proxy, which no longer runs.
    const key = (o: KubernetesObject) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    assert.deepEqual(
      kubernetesObjects(off.resources).map(key).sort(),
      kubernetesObjects(on.resources)
        .filter((o) => !istio(o))
        .map(key)
        .filter((k) => k !== "ClusterImagePolicy /istio-proxy-signed")
        .sort(),
    );
  });
});
