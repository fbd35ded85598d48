// The NetworkPolicies' shape where the analyzer cannot see intent (over the separated layout's seed catalog, two app
// namespaces): cross-namespace peers are namespace AND pod,
// external destinations are ipBlocks (never `namespaceSelector: {}`), "the internet" excludes private and cluster
// ranges, and the isolation policy exists in every app namespace.
import { strict as assert } from "node:assert";
import { seedCatalog } from "../../platform/catalog/seed";
import { resolveNaming } from "../../core/config/naming";
import { allowed, analyze, ConnectionSet, connectionsFrom } from "@ecommerce-security/netpol";
import { externalDestination, internetIpBlock } from "./external";
import type { ZeroTrustInput } from "../../core/zero-trust/input";
import { catalogNetworkPolicies } from "./network-policies";
import { representativePods } from "./representative-workloads";
import { resolveNetwork } from "./settings";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, runStack, type KubernetesObject } from "../../tests/harness";

interface Peer {
  namespaceSelector?: unknown;
  podSelector?: unknown;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Policy extends KubernetesObject {
  spec: {
    podSelector: unknown;
    policyTypes: string[];
    ingress?: Array<{ from?: Peer[]; ports?: unknown[] }>;
    egress?: Array<{ to?: Peer[]; ports?: unknown[] }>;
  };
}

const cluster = { podCidrs: ["10.100.0.0/16"], serviceCidrs: ["172.20.0.0/16"], nodeCidrs: ["10.10.0.0/16", "52.1.0.0/16"] };

/** The zero-trust input of the seed catalog with no configured external CIDRs, as a stack without `network` has. */
function seedInput(overrides: Partial<ZeroTrustInput> = {}): ZeroTrustInput {
  return {
    catalog: seedCatalog(resolveNaming({ layout: "separated" })),
    network: {
      ingressController: { namespace: "ingress-nginx", podLabels: { "app.kubernetes.io/name": "ingress-nginx" }, serviceAccount: "ingress-nginx" },
      monitoring: { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" }, serviceAccount: "prometheus" },
      dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" }, serviceAccount: undefined },
      externalCidrs: {},
      apiServer: { ports: [443] },
      vpcEndpoints: [],
    },
    cluster,
    mesh: { trustDomain: "cluster.local", istioNamespace: "istio-system" },
    features: { mesh: true, incidentResponse: true },
    ...overrides,
  };
}

for (const stack of realStacks) {
  describe(`NetworkPolicy shape: ${stack}`, () => {
    // Production (separated layout): orders-service in ecommerce, orders-mysql in ecommerce-data; staging (the
    // document's names): both in e-commerce, where the peer is the pod selector alone (its own namespace).
    it("a caller is matched by its pod labels, and in another namespace by namespace name AND pod labels in one peer", async () => {
      const run = await runStack(stack);
      const mysql = run.config.catalog.find((s) => s.name === "orders-mysql")!;
      const orders = run.config.catalog.find((s) => s.name === "orders-service")!;
      assert.deepEqual([orders.namespace, mysql.namespace], stack === "production" ? ["ecommerce", "ecommerce-data"] : ["e-commerce", "e-commerce"]);
      const policy = objectNamed<Policy>(run, "NetworkPolicy", "orders-mysql-ingress", mysql.namespace);
      assert.deepEqual(policy.spec.ingress, [
        {
          from: [
            {
              ...(orders.namespace !== mysql.namespace ? { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": orders.namespace } } } : {}),
              podSelector: {
                matchLabels: { [stack === "production" ? "app.kubernetes.io/name" : "app"]: "orders-service" },
                matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
              },
            },
          ],
          ports: [{ protocol: "TCP", port: 3306 }],
        },
      ]);
      assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
    });

    it("no policy of the stack uses an empty namespaceSelector or an ipBlock to reach the cluster's own ranges", async () => {
      const run = await runStack(stack);
      const clusterRanges = [...run.config.cluster.podCidrs, ...run.config.cluster.serviceCidrs];
      for (const p of objectsOfKind<Policy>(run, "NetworkPolicy")) {
        const peers = [...(p.spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(p.spec.egress ?? []).flatMap((r) => r.to ?? [])];
        for (const peer of peers) {
          assert.notDeepEqual(peer.namespaceSelector, {}, `${p.metadata.namespace}/${p.metadata.name} selects every namespace`);
        }
      }
      // The catalog's external egress excludes the cluster's ranges (here: the payment provider's configured CIDRs lie outside them).
      const payments = run.config.catalog.find((s) => s.name === "payments-service")!;
      const egress = objectNamed<Policy>(run, "NetworkPolicy", "payments-service-egress", payments.namespace);
      const blocks = (egress.spec.egress ?? [])
        .flatMap((r) => r.to ?? [])
        .filter((p) => p.ipBlock)
        .map((p) => p.ipBlock!.cidr);
      assert.deepEqual(blocks, run.config.network.externalCidrs["payment-provider"]);
      assert.ok(!blocks.some((b) => clusterRanges.includes(b)));
    });

    it("every namespace the stack declares has the incident isolation policy selecting incident=isolated for both directions, allowing nothing", async () => {
      const run = await runStack(stack);
      const declared = objectsOfKind(run, "Namespace").map((n) => n.metadata.name!);
      const app = run.config.catalog.find((s) => s.name === "api-gateway")!.namespace;
      assert.ok(declared.includes(app) && declared.includes("external-secrets") && declared.includes("cert-manager"), declared.join(", "));
      for (const ns of declared) {
        const p = objectNamed<Policy>(run, "NetworkPolicy", "incident-isolation", ns);
        assert.deepEqual(p.spec, { podSelector: { matchLabels: { incident: "isolated" } }, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] });
        assert.ok(resourceOfObject(run, "NetworkPolicy", "incident-isolation", ns).dependsOn.includes(`kubernetes:core/v1:Namespace::namespace-${ns}`));
      }
    });

    it("every allow policy of the catalog excludes isolated pods from the pods it selects", async () => {
      const run = await runStack(stack);
      const allowPolicies = objectsOfKind<Policy>(run, "NetworkPolicy").filter(
        (p) => p.metadata.labels?.["ecommerce.example.com/service"] && p.metadata.labels["app.kubernetes.io/component"] === "network",
      );
      assert.equal(allowPolicies.length, run.config.catalog.length * 2);
      for (const p of allowPolicies) {
        assert.deepEqual(
          (p.spec.podSelector as { matchExpressions: unknown }).matchExpressions,
          [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
          p.metadata.name,
        );
      }
    });
  });
}

describe("external egress without configured CIDRs", () => {
  it('"the internet" is 0.0.0.0/0 except private, shared, link-local and loopback ranges and the cluster ranges outside them', () => {
    assert.deepEqual(internetIpBlock(cluster), {
      cidr: "0.0.0.0/0",
      except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "52.1.0.0/16"],
    });
  });

  it("payments-service may reach public addresses on 443 only, never the metadata endpoint, private networks or the cluster", () => {
    const input = seedInput();
    const result = analyze([...catalogNetworkPolicies(resolveNetwork(input)), ...representativePods(input)]);
    const payments = "ecommerce/payments-service[Pod]";
    const reach = (ip: string) => {
      const [a, b, c, d] = ip.split(".").map(Number);
      const address = ((a * 256 + b) * 256 + c) * 256 + d;
      const hit = connectionsFrom(result, payments).find((x) => x.dst.type === "external" && x.dst.first <= address && address <= x.dst.last);
      return hit?.conns ?? ConnectionSet.none;
    };
    assert.ok(reach("8.8.8.8").equals(ConnectionSet.of({ TCP: [443] })));
    assert.ok(reach("203.0.113.10").equals(ConnectionSet.of({ TCP: [443] })));
    for (const ip of ["169.254.169.254", "10.1.2.3", "172.20.0.10", "192.168.1.1", "100.64.0.1", "127.0.0.1", "52.1.2.3"])
      assert.ok(reach(ip).isEmpty(), `${ip} must be unreachable`);
    assert.ok(allowed(result, "ecommerce/orders-service[Pod]", "ecommerce-data/orders-mysql[Pod]").equals(ConnectionSet.of({ TCP: [3306] })));
  });

  it("a configured CIDR that contains a cluster range excepts that range", () => {
    const dest = externalDestination(
      { name: "partner-vpc", cidrs: [], ports: [443] },
      { network: { ...seedInput().network, externalCidrs: { "partner-vpc": ["10.0.0.0/8"] } }, cluster },
    );
    assert.deepEqual(dest.ipBlocks, [{ cidr: "10.0.0.0/8", except: ["10.100.0.0/16", "10.10.0.0/16"] }]);
  });

  it("the catalog's own cidrs are used when network.externalCidrs does not name the destination", () => {
    const dest = externalDestination({ name: "smtp-relay", cidrs: ["198.51.100.25/32"], ports: [587] }, { network: seedInput().network, cluster });
    assert.deepEqual(dest, { name: "smtp-relay", source: "catalog", ipBlocks: [{ cidr: "198.51.100.25/32" }], ports: [587] });
  });

  it("without incident response, no isolation policy is rendered, and isolated pods stay cut off by the allow policies' exclusion", () => {
    const input = seedInput({ features: { mesh: false, incidentResponse: false } });
    const policies = catalogNetworkPolicies(resolveNetwork(input));
    assert.equal(policies.filter((p) => p.metadata.name === "incident-isolation").length, 0);
    const defaultDeny = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny-all", namespace: "ecommerce" },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
    const pods = representativePods(input);
    const isolated = {
      ...pods[0],
      metadata: { ...pods[0].metadata, name: "api-gateway-isolated", labels: { ...pods[0].metadata.labels, incident: "isolated" } },
    };
    const result = analyze([...policies, defaultDeny, ...pods, isolated]);
    const touching = result.connections.filter((c) => c.src.id.includes("api-gateway-isolated") || c.dst.id.includes("api-gateway-isolated"));
    assert.deepEqual(
      touching.map((c) => `${c.src.id} => ${c.dst.id}`),
      [],
    );
  });
});
