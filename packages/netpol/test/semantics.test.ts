// NetworkPolicy semantics the corpus does not pin down, on small hand-built topologies.
import * as assert from "node:assert/strict";
import { allowed, analyze, AnalysisResult, connectionsTo, ConnectionSet, connlistLines, NetpolInputError, PortsByProtocol } from "../src";
import { app, deploymentWith, namespaceWith, podWith, policyWith, portEntry } from "./fixtures";

/** Asserts the exact connection set between two named peers. */
function assertAllowed(result: AnalysisResult, src: string, dst: string, expected: PortsByProtocol | "all" | "none"): void {
  const want = expected === "all" ? ConnectionSet.all : expected === "none" ? ConnectionSet.none : ConnectionSet.of(expected);
  const got = allowed(result, src, dst);
  assert.ok(got.equals(want), `${src} => ${dst}: got ${got.toString()}, expected ${want.toString()}`);
}

/** The external source / destination range names, in order. */
const sourceRanges = (result: AnalysisResult): string[] => result.externalSources.map((peer) => peer.id);
const destinationRanges = (result: AnalysisResult): string[] => result.externalDestinations.map((peer) => peer.id);
const everywhere = "0.0.0.0-255.255.255.255[External]";

describe("netpol semantics: isolation and policyTypes", () => {
  const client = deploymentWith("client");
  const server = deploymentWith("server", { ports: [{ port: 8080 }] });

  it("without any policy every workload reaches every other and the internet on all connections", () => {
    const result = analyze([client, server]);
    assertAllowed(result, "client", "server", "all");
    assertAllowed(result, "server", "client", "all");
    assertAllowed(result, "client", everywhere, "all");
    assertAllowed(result, everywhere, "server", "all");
    assert.equal(connlistLines(result).filter((line) => line.startsWith("default/client[Deployment] => default/client")).length, 0, "no self line");
  });

  it("policyTypes [Egress] with no egress rules denies all egress and leaves ingress open", () => {
    const result = analyze([client, server, policyWith("deny-egress", { podSelector: app("client"), policyTypes: ["Egress"] })]);
    assertAllowed(result, "client", "server", "none");
    assertAllowed(result, "client", everywhere, "none");
    assertAllowed(result, "server", "client", "all");
    assertAllowed(result, everywhere, "client", "all");
  });

  it("omitted policyTypes with only ingress rules isolates ingress only", () => {
    const result = analyze([client, server, policyWith("in", { podSelector: app("server"), ingress: [{ ports: [portEntry("TCP", 8080)] }] })]);
    assertAllowed(result, "client", "server", { TCP: [8080] });
    assertAllowed(result, "server", "client", "all");
    assertAllowed(result, "server", everywhere, "all");
  });

  it("omitted policyTypes with `egress: []` does not isolate egress (the API server adds Egress only for non-empty egress)", () => {
    const result = analyze([client, server, policyWith("empty-egress", { podSelector: app("client"), egress: [] })]);
    assertAllowed(result, "client", "server", "all");
    assertAllowed(result, "server", "client", "none");
  });

  it("`ingress: [{}]` allows everything in while `ingress: []` allows nothing", () => {
    const open = analyze([client, server, policyWith("open", { podSelector: app("server"), policyTypes: ["Ingress"], ingress: [{}] })]);
    assertAllowed(open, "client", "server", "all");
    assertAllowed(open, everywhere, "server", "all");
    const closed = analyze([client, server, policyWith("closed", { podSelector: app("server"), policyTypes: ["Ingress"], ingress: [] })]);
    assertAllowed(closed, "client", "server", "none");
    assertAllowed(closed, everywhere, "server", "none");
  });

  it("a connection needs both the source's egress and the destination's ingress: the allowed ports are the intersection", () => {
    const result = analyze([
      client,
      server,
      policyWith("client-out", {
        podSelector: app("client"),
        policyTypes: ["Egress"],
        egress: [{ to: [{ podSelector: app("server") }], ports: [portEntry("TCP", 8000, 8100)] }],
      }),
      policyWith("server-in", {
        podSelector: app("server"),
        ingress: [{ from: [{ podSelector: app("client") }], ports: [portEntry("TCP", 8080), portEntry("TCP", 9090)] }],
      }),
    ]);
    assertAllowed(result, "client", "server", { TCP: [8080] });
  });

  it("rules and policies that select the same pod are unioned", () => {
    const result = analyze([
      client,
      server,
      policyWith("a", { podSelector: app("server"), ingress: [{ from: [{ podSelector: app("client") }], ports: [portEntry("TCP", 80)] }] }),
      policyWith("b", {
        podSelector: app("server"),
        ingress: [{ ports: [portEntry("UDP", 53)] }, { from: [{ podSelector: app("client") }], ports: [portEntry("TCP", 81)] }],
      }),
    ]);
    assertAllowed(result, "client", "server", { TCP: [[80, 81]], UDP: [53] });
    assertAllowed(result, everywhere, "server", { UDP: [53] });
  });

  it("a policy selects pods in its own namespace only", () => {
    const result = analyze([
      deploymentWith("server", { namespace: "a" }),
      deploymentWith("server", { namespace: "b" }),
      deploymentWith("client", { namespace: "b" }),
      policyWith("deny", { namespace: "a", podSelector: {}, policyTypes: ["Ingress"] }),
    ]);
    assertAllowed(result, "b/client", "a/server", "none");
    assertAllowed(result, "b/client", "b/server", "all");
  });
});

describe("netpol semantics: peers and selectors", () => {
  const topology = [
    namespaceWith("shop", { team: "shop" }),
    namespaceWith("ops", { team: "ops" }),
    deploymentWith("db", { namespace: "shop" }),
    deploymentWith("api", { namespace: "shop", labels: { app: "api", tier: "backend" } }),
    deploymentWith("web", { namespace: "shop", labels: { app: "web", tier: "frontend" } }),
    deploymentWith("api", { namespace: "ops", labels: { app: "api", tier: "backend" } }),
    deploymentWith("batch", { namespace: "ops", labels: { app: "batch" } }),
  ];
  const dbAcceptsFrom = (from: unknown[]): AnalysisResult =>
    analyze([...topology, policyWith("db", { namespace: "shop", podSelector: app("db"), ingress: [{ from }] })]);
  const callersOfDb = (result: AnalysisResult): string[] =>
    connectionsTo(result, "shop/db")
      .map((connection) => connection.src.id)
      .sort();

  it("namespaceSelector and podSelector in one peer are ANDed; as two peers they are ORed", () => {
    const and = dbAcceptsFrom([{ namespaceSelector: { matchLabels: { team: "ops" } }, podSelector: app("api") }]);
    assert.deepEqual(callersOfDb(and), ["ops/api[Deployment]"]);
    const or = dbAcceptsFrom([{ namespaceSelector: { matchLabels: { team: "ops" } } }, { podSelector: app("api") }]);
    assert.deepEqual(callersOfDb(or), ["ops/api[Deployment]", "ops/batch[Deployment]", "shop/api[Deployment]"]);
  });

  it("a podSelector alone picks pods of the policy's namespace", () => {
    assert.deepEqual(callersOfDb(dbAcceptsFrom([{ podSelector: { matchLabels: { tier: "backend" } } }])), ["shop/api[Deployment]"]);
  });

  it("namespaces always carry kubernetes.io/metadata.name with their name, whatever the manifest says", () => {
    const spoofed = [namespaceWith("ops", { "kubernetes.io/metadata.name": "shop" }), ...topology.slice(1)];
    const result = analyze([
      ...spoofed,
      policyWith("db", {
        namespace: "shop",
        podSelector: app("db"),
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ops" } } }] }],
      }),
    ]);
    assert.deepEqual(callersOfDb(result), ["ops/api[Deployment]", "ops/batch[Deployment]"]);
  });

  it("matchExpressions In, NotIn, Exists and DoesNotExist select as Kubernetes does (NotIn also matches pods without the key)", () => {
    const expressions = (operator: string, values?: string[]): unknown[] => [
      { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }] } },
    ];
    assert.deepEqual(callersOfDb(dbAcceptsFrom(expressions("In", ["frontend", "backend"]))), [
      "ops/api[Deployment]",
      "shop/api[Deployment]",
      "shop/web[Deployment]",
    ]);
    assert.deepEqual(callersOfDb(dbAcceptsFrom(expressions("NotIn", ["backend"]))), ["ops/batch[Deployment]", "shop/web[Deployment]"]);
    assert.deepEqual(callersOfDb(dbAcceptsFrom(expressions("Exists"))), ["ops/api[Deployment]", "shop/api[Deployment]", "shop/web[Deployment]"]);
    assert.deepEqual(callersOfDb(dbAcceptsFrom(expressions("DoesNotExist"))), ["ops/batch[Deployment]"]);
  });

  it("matchLabels and matchExpressions in one selector must both hold", () => {
    const result = dbAcceptsFrom([
      {
        namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["ops", "shop"] }] },
        podSelector: { matchLabels: { tier: "backend" }, matchExpressions: [{ key: "app", operator: "NotIn", values: ["api"] }] },
      },
    ]);
    assert.deepEqual(callersOfDb(result), []);
  });

  it("an ipBlock never matches a pod, and namespaceSelector {} never matches external addresses", () => {
    const byIp = dbAcceptsFrom([{ ipBlock: { cidr: "0.0.0.0/0" } }]);
    assert.deepEqual(callersOfDb(byIp), [everywhere]);
    const byNamespace = dbAcceptsFrom([{ namespaceSelector: {} }]);
    assert.equal(callersOfDb(byNamespace).length, 4);
    assert.ok(!callersOfDb(byNamespace).some((id) => id.endsWith("[External]")));
  });

  it("rejects an unknown operator, naming the file, policy, field and the allowed operators", () => {
    assert.throws(
      () =>
        analyze([
          {
            object: policyWith("bad", {
              namespace: "shop",
              ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "a", operator: "Equals", values: ["b"] }] } }] }],
            }),
            source: "net/bad.yaml",
          },
        ]),
      (error: unknown) => {
        assert.ok(error instanceof NetpolInputError);
        assert.match(
          error.message,
          /net\/bad\.yaml: NetworkPolicy shop\/bad: spec\.ingress\[0\]\.from\[0\]\.podSelector\.matchExpressions\[0\]\.operator: unknown operator "Equals"; allowed: In, NotIn, Exists, DoesNotExist/,
        );
        return true;
      },
    );
  });

  it("reports every invalid field at once", () => {
    const bad = policyWith("bad", {
      ingress: [{ ports: [portEntry("HTTP" as "TCP", 80), portEntry("TCP", 70000)] }],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0/8" } }], ports: [portEntry("TCP", "8080")] }],
    });
    assert.throws(
      () => analyze([bad]),
      (error: unknown) => {
        assert.ok(error instanceof NetpolInputError);
        assert.deepEqual(
          error.problems.map((problem) => problem.replace(/^.*?: NetworkPolicy default\/bad: /, "")),
          [
            'spec.ingress[0].ports[0].protocol: "HTTP"; allowed: SCTP, TCP, UDP',
            "spec.ingress[0].ports[1].port: 70000; allowed: an integer 1-65535 or a port name",
            'spec.egress[0].to[0].ipBlock.cidr: "10.0.0/8"; allowed: an IPv4 CIDR such as 10.0.0.0/8',
            'spec.egress[0].ports[0].port: "8080" is a string of digits; allowed: a number (8080) or a port name',
          ],
        );
        return true;
      },
    );
  });
});

describe("netpol semantics: ports", () => {
  const client = deploymentWith("client");
  const server = deploymentWith("server", {
    ports: [
      { name: "http", port: 8080 },
      { name: "dns", port: 5353, protocol: "UDP" },
      { name: "stream", port: 7000, protocol: "SCTP" },
    ],
  });
  const serverAllowsPorts = (...ports: unknown[]): AnalysisResult =>
    analyze([client, server, policyWith("server", { podSelector: app("server"), ingress: [{ from: [{ podSelector: app("client") }], ports }] })]);

  it("endPort narrower than the whole range allows exactly port..endPort", () => {
    assertAllowed(serverAllowsPorts(portEntry("TCP", 30000, 30010)), "client", "server", { TCP: [[30000, 30010]] });
    assertAllowed(serverAllowsPorts(portEntry("UDP", 5000, 5000)), "client", "server", { UDP: [5000] });
  });

  it("overlapping and adjacent port ranges merge into maximal ranges", () => {
    const result = serverAllowsPorts(portEntry("TCP", 100, 200), portEntry("TCP", 150, 300), portEntry("TCP", 301), portEntry("TCP", 500));
    assertAllowed(result, "client", "server", { TCP: [[100, 301], 500] });
    assert.equal(allowed(result, "client", "server").toString(), "TCP 100-301,500");
  });

  it("endPort below port and endPort on a named port are rejected", () => {
    assert.throws(() => serverAllowsPorts(portEntry("TCP", 9000, 8000)), /ports\[0\]\.endPort: 8000; allowed: an integer 9000-65535/);
    assert.throws(() => serverAllowsPorts(portEntry("TCP", "http", 9000)), /endPort: 9000 cannot follow the named port "http"/);
  });

  it("a port entry with only a protocol allows every port of that protocol", () => {
    assertAllowed(serverAllowsPorts({ protocol: "UDP" }), "client", "server", { UDP: [[1, 65535]] });
  });

  it("a named port resolves on the destination's container port with the same name and protocol", () => {
    assertAllowed(serverAllowsPorts(portEntry("TCP", "http"), portEntry("UDP", "dns"), portEntry("SCTP", "stream")), "client", "server", {
      TCP: [8080],
      UDP: [5353],
      SCTP: [7000],
    });
  });

  it("a named port whose protocol differs from the container port's allows nothing, and says so", () => {
    const result = serverAllowsPorts(portEntry("UDP", "http"), portEntry("TCP", "dns"));
    assertAllowed(result, "client", "server", "none");
    assert.equal(result.warnings.filter((warning) => /named port "(http|dns)" .* matches no container port/.test(warning)).length, 2);
  });

  it("an egress named port resolves on the destination pod, never on the source, and never reaches external addresses", () => {
    const result = analyze([
      deploymentWith("client", { ports: [{ name: "http", port: 1111 }] }),
      server,
      policyWith("client-out", { podSelector: app("client"), policyTypes: ["Egress"], egress: [{ ports: [portEntry("TCP", "http")] }] }),
    ]);
    assertAllowed(result, "client", "server", { TCP: [8080] });
    assertAllowed(result, "client", everywhere, "none");
  });
});

describe("netpol semantics: ipBlock and external ranges", () => {
  const server = deploymentWith("server");
  const fromBlock = (ipBlock: unknown, ports?: unknown[]): AnalysisResult =>
    analyze([server, policyWith("server", { podSelector: app("server"), ingress: [{ from: [{ ipBlock }], ...(ports ? { ports } : {}) }] })]);
  const allowedSources = (result: AnalysisResult): string[] => connectionsTo(result, "server").map((connection) => connection.src.id);

  it("an except at the start of the block joins the addresses below it: ranges are cut only where the allowed set starts or ends", () => {
    const result = fromBlock({ cidr: "10.0.0.0/8", except: ["10.0.0.0/24"] });
    assert.deepEqual(sourceRanges(result), ["0.0.0.0-10.0.0.255[External]", "10.0.1.0-10.255.255.255[External]", "11.0.0.0-255.255.255.255[External]"]);
    assert.deepEqual(allowedSources(result), ["10.0.1.0-10.255.255.255[External]"]);
  });

  it("an except at the end of the block, and overlapping excepts, leave one allowed range", () => {
    const result = fromBlock({ cidr: "10.0.0.0/8", except: ["10.255.255.0/24", "10.255.0.0/16"] });
    assert.deepEqual(allowedSources(result), ["10.0.0.0-10.254.255.255[External]"]);
    assert.deepEqual(sourceRanges(result), ["0.0.0.0-9.255.255.255[External]", "10.0.0.0-10.254.255.255[External]", "10.255.0.0-255.255.255.255[External]"]);
  });

  it("an except covering the whole block allows nothing and does not split the address space", () => {
    const result = fromBlock({ cidr: "192.168.0.0/16", except: ["192.168.0.0/16"] });
    assert.deepEqual(allowedSources(result), []);
    assert.deepEqual(sourceRanges(result), [everywhere]);
  });

  it("a /32 block is a single-address range printed as a-a; 0.0.0.0/0 is the whole space", () => {
    assert.deepEqual(allowedSources(fromBlock({ cidr: "203.0.113.7/32" })), ["203.0.113.7-203.0.113.7[External]"]);
    assert.deepEqual(allowedSources(fromBlock({ cidr: "0.0.0.0/0" })), [everywhere]);
    assert.deepEqual(sourceRanges(fromBlock({ cidr: "255.255.255.255/32" })), [
      "0.0.0.0-255.255.255.254[External]",
      "255.255.255.255-255.255.255.255[External]",
    ]);
  });

  it("host bits in a CIDR are ignored, as network plugins do", () => {
    assert.deepEqual(allowedSources(fromBlock({ cidr: "10.1.2.3/8" })), ["10.0.0.0-10.255.255.255[External]"]);
  });

  it("the ports of an ipBlock rule apply to the addresses it covers", () => {
    const result = fromBlock({ cidr: "10.0.0.0/8" }, [portEntry("TCP", 443)]);
    assertAllowed(result, "10.0.0.0-10.255.255.255[External]", "server", { TCP: [443] });
    assertAllowed(result, "11.0.0.0-255.255.255.255[External]", "server", "none");
  });

  it("source ranges come from ingress ipBlocks and destination ranges from egress ipBlocks, separately", () => {
    const result = analyze([
      server,
      policyWith("server", {
        podSelector: app("server"),
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
        egress: [{ to: [{ ipBlock: { cidr: "172.16.0.0/12", except: ["172.16.0.0/16"] } }], ports: [portEntry("TCP", 443)] }],
      }),
    ]);
    assert.deepEqual(sourceRanges(result), ["0.0.0.0-9.255.255.255[External]", "10.0.0.0-10.255.255.255[External]", "11.0.0.0-255.255.255.255[External]"]);
    assert.deepEqual(destinationRanges(result), [
      "0.0.0.0-172.16.255.255[External]",
      "172.17.0.0-172.31.255.255[External]",
      "172.32.0.0-255.255.255.255[External]",
    ]);
    assertAllowed(result, "server", "172.17.0.0-172.31.255.255[External]", { TCP: [443] });
    assertAllowed(result, "server", "0.0.0.0-172.16.255.255[External]", "none");
  });

  it("an IPv6 block is skipped with a warning: it matches no IPv4 range", () => {
    const result = fromBlock({ cidr: "2001:db8::/32" });
    assert.deepEqual(allowedSources(result), []);
    assert.ok(result.warnings.some((warning) => /IPv6 block 2001:db8::\/32 skipped/.test(warning)));
  });
});

describe("netpol semantics: workloads", () => {
  it("pods of one owner are one peer named after the owner, and never paired with themselves", () => {
    const owner = { kind: "ReplicaSet", name: "web-5d4f" };
    const result = analyze([
      podWith("web-5d4f-a", { labels: { app: "web" }, owner }),
      podWith("web-5d4f-b", { labels: { app: "web" }, owner }),
      podWith("debug"),
    ]);
    assert.deepEqual(
      result.workloads.map((peer) => peer.id),
      ["default/web-5d4f[ReplicaSet]", "default/debug[Pod]"],
    );
    assert.deepEqual(
      connlistLines(result).filter((line) => !line.includes("[External]")),
      ["default/debug[Pod] => default/web-5d4f[ReplicaSet] : All Connections", "default/web-5d4f[ReplicaSet] => default/debug[Pod] : All Connections"],
    );
  });

  it("every pod-template owner takes its pods' labels from the template (CronJob from its job template)", () => {
    const template = { metadata: { labels: { role: "worker" } }, spec: { containers: [{ name: "c", image: "i" }] } };
    const objects = [
      { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "sts", namespace: "w" }, spec: { template } },
      { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "ds", namespace: "w" }, spec: { template } },
      { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", namespace: "w" }, spec: { template } },
      { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc", namespace: "w" }, spec: { template } },
      { apiVersion: "batch/v1", kind: "Job", metadata: { name: "job", namespace: "w" }, spec: { template } },
      { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "cron", namespace: "w" }, spec: { jobTemplate: { spec: { template } } } },
      deploymentWith("target", { namespace: "w" }),
      policyWith("target", { namespace: "w", podSelector: app("target"), ingress: [{ from: [{ podSelector: { matchLabels: { role: "worker" } } }] }] }),
    ];
    assert.deepEqual(
      connectionsTo(analyze(objects), "w/target")
        .map((connection) => connection.src.id)
        .sort(),
      ["w/cron[CronJob]", "w/ds[DaemonSet]", "w/job[Job]", "w/rc[ReplicationController]", "w/rs[ReplicaSet]", "w/sts[StatefulSet]"],
    );
  });

  it("ignores kinds that are not workloads, and NetworkPolicy kinds of other API groups", () => {
    const calico = { apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "deny", namespace: "default" }, spec: { selector: "all()" } };
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" } } };
    const result = analyze([deploymentWith("web"), deploymentWith("db"), calico, service]);
    assertAllowed(result, "web", "db", "all");
  });
});

describe("netpol query helpers", () => {
  const result = analyze([
    deploymentWith("orders-service", { namespace: "orders" }),
    deploymentWith("orders-mysql", { namespace: "orders", ports: [{ name: "mysql", port: 3306 }] }),
    deploymentWith("products-service", { namespace: "products" }),
    deploymentWith("orders-mysql", { namespace: "products" }),
    policyWith("mysql", {
      namespace: "orders",
      podSelector: app("orders-mysql"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: app("orders-service") }], ports: [portEntry("TCP", "mysql")] }],
    }),
  ]);

  it("orders-mysql accepts only orders-service on TCP 3306", () => {
    const inbound = connectionsTo(result, "orders/orders-mysql");
    assert.deepEqual(
      inbound.map((connection) => `${connection.src.id} ${connection.conns.toString()}`),
      ["orders/orders-service[Deployment] TCP 3306"],
    );
    assertAllowed(result, "orders-service", "orders/orders-mysql", { TCP: [3306] });
    assertAllowed(result, "products-service", "orders/orders-mysql", "none");
  });

  it("rejects unknown and ambiguous names instead of answering 'nothing allowed'", () => {
    assert.throws(() => allowed(result, "order-service", "orders/orders-mysql"), /no peer named "order-service"; known workloads: /);
    assert.throws(
      () => allowed(result, "orders-service", "orders-mysql"),
      /"orders-mysql" is ambiguous: orders\/orders-mysql\[Deployment\], products\/orders-mysql\[Deployment\]/,
    );
  });
});
