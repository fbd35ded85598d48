// The zero-trust matrix of each real stack, proved by the reachability analyzer over the rendered objects and
// representative pods: every catalog edge allowed on exactly its ports, every other pair involving a catalog service
// denied (same namespace, cross-namespace, external), DNS only to kube-dns, and isolated pods cut off entirely.
import { strict as assert } from "node:assert";
import { allowed, ConnectionSet, connectionsFrom, connectionsTo, parseCidr, type AnalysisResult } from "@ecommerce-security/netpol";
import { catalogNamespaces } from "../../core/catalog";
import { realStacks, runStack, type StackRun } from "../../tests/harness";
import { analyzeRun, isolatedPodOf, podId, requiredConnections, strayPod } from "./test-fixtures";

for (const stack of realStacks) {
  describe(`zero-trust network matrix: ${stack}`, () => {
    let run: StackRun;
    let result: AnalysisResult;
    const svc = (name: string) => {
      const s = run.config.catalog.find((x) => x.name === name)!;
      return podId(s.namespace, s.name);
    };
    before(async () => {
      run = await runStack(stack);
      const orders = run.config.catalog.find((s) => s.name === "orders-service")!;
      const mysql = run.config.catalog.find((s) => s.name === "orders-mysql")!;
      result = analyzeRun(run, [isolatedPodOf(orders), isolatedPodOf(mysql), ...catalogNamespaces(run.config).map(strayPod)]);
    });

    it("orders-mysql accepts only orders-service on 3306", () => {
      const callers = connectionsTo(result, svc("orders-mysql")).map((c) => `${c.src.id} : ${c.conns}`);
      assert.deepEqual(callers, [`${svc("orders-service")} : TCP 3306`]);
    });

    it("the ingress controller reaches only the api-gateway, on its http port 8100", () => {
      const ingress = podId(run.config.network.ingressController.namespace, "ingress-controller");
      const intoCatalog = connectionsFrom(result, ingress).filter((c) => c.dst.type === "workload" && catalogNamespaces(run.config).includes(c.dst.namespace));
      assert.deepEqual(
        intoCatalog.map((c) => `${c.dst.id} : ${c.conns}`),
        [`${svc("api-gateway")} : TCP 8100`],
      );
    });

    it("monitoring reaches only RabbitMQ's metrics port 15692, never its management API 15672", () => {
      const monitoring = podId(run.config.network.monitoring.namespace, "monitoring");
      const intoCatalog = connectionsFrom(result, monitoring).filter(
        (c) => c.dst.type === "workload" && catalogNamespaces(run.config).includes(c.dst.namespace),
      );
      assert.deepEqual(
        intoCatalog.map((c) => `${c.dst.id} : ${c.conns}`),
        [`${svc("rabbitmq")} : TCP 15692`],
      );
      // The management API (users, permissions, queues) is reachable from no pod at all.
      for (const c of connectionsTo(result, svc("rabbitmq"))) {
        assert.ok(!c.conns.allows("TCP", 15672), `${c.src.id} reaches the management API: ${c.conns}`);
      }
    });

    it("rabbitmq accepts AMQP from api-gateway and orders-service only, and nothing on AMQP from monitoring", () => {
      assert.ok(allowed(result, svc("api-gateway"), svc("rabbitmq")).equals(ConnectionSet.of({ TCP: [5672] })));
      assert.ok(allowed(result, svc("orders-service"), svc("rabbitmq")).equals(ConnectionSet.of({ TCP: [5672] })));
      assert.ok(allowed(result, svc("payments-service"), svc("rabbitmq")).isEmpty());
      assert.equal(allowed(result, podId(run.config.network.monitoring.namespace, "monitoring"), svc("rabbitmq")).allows("TCP", 5672), false);
    });

    it("services in the same namespace cannot talk unless the catalog says so", () => {
      for (const [a, b] of [
        ["auth-service", "products-service"],
        ["products-service", "payments-service"],
        ["orders-service", "api-gateway"],
        ["minio", "orders-mysql"],
        ["rabbitmq", "minio"],
      ]) {
        assert.ok(allowed(result, svc(a), svc(b)).isEmpty(), `${a} -> ${b} must be denied`);
      }
    });

    it("every catalog edge is allowed on exactly its ports and every other pair involving a catalog service is denied", () => {
      const required = requiredConnections(run.config);
      const catalogPods = new Set(run.config.catalog.map((s) => podId(s.namespace, s.name)));
      const problems: string[] = [];
      for (const src of result.workloads) {
        for (const dst of result.workloads) {
          if (src.id === dst.id || (!catalogPods.has(src.id) && !catalogPods.has(dst.id))) continue;
          const expected = required.get(`${src.id} -> ${dst.id}`) ?? ConnectionSet.none;
          const actual = allowed(result, src.id, dst.id);
          if (!actual.equals(expected)) problems.push(`${src.id} -> ${dst.id}: allowed ${actual}, catalog says ${expected}`);
        }
      }
      assert.deepEqual(problems, []);
      // The check above is not vacuous: every required connection names peers that exist in the analysis.
      const ids = new Set(result.workloads.map((w) => w.id));
      for (const key of required.keys()) for (const id of key.split(" -> ")) assert.ok(ids.has(id), `${id} is missing from the analysis`);
    });

    it("every service resolves names only through kube-dns, on UDP and TCP 53", () => {
      const dns = podId(run.config.network.dns.namespace, "kube-dns");
      for (const s of run.config.catalog) {
        assert.ok(allowed(result, svc(s.name), dns).equals(ConnectionSet.of({ UDP: [53], TCP: [53] })), `${s.name} -> kube-dns`);
        const otherPort53 = connectionsFrom(result, svc(s.name)).filter((c) => c.dst.id !== dns && (c.conns.allows("UDP", 53) || c.conns.allows("TCP", 53)));
        assert.deepEqual(
          otherPort53.map((c) => c.dst.id),
          [],
          `${s.name} may use port 53 only towards kube-dns`,
        );
      }
    });

    it("payments-service reaches the payment provider's configured CIDRs on TCP 443 and no other external address", () => {
      const cidrs = run.config.network.externalCidrs["payment-provider"];
      assert.ok(cidrs && cidrs.length > 0, "the stack configures the payment provider's CIDRs");
      const external = connectionsFrom(result, svc("payments-service")).filter((c) => c.dst.type === "external");
      assert.ok(external.length > 0);
      for (const c of external) assert.equal(c.conns.toString(), "TCP 443", `${c.dst.id}`);
      const reached = external.map((c) => c.dst).sort((a, b) => (a.type === "external" && b.type === "external" ? a.first - b.first : 0));
      const configured = cidrs
        .map((c) => parseCidr(c))
        .map((p) => (p.ok ? [p.first, p.last] : [0, -1]))
        .sort((a, b) => a[0] - b[0]);
      const covered = reached.reduce((n, r) => n + (r.type === "external" ? r.last - r.first + 1 : 0), 0);
      assert.equal(
        covered,
        configured.reduce((n, [f, l]) => n + l - f + 1, 0),
        "exactly the configured addresses are reachable",
      );
      for (const r of reached) {
        if (r.type !== "external") continue;
        assert.ok(
          configured.some(([f, l]) => r.first >= f && r.last <= l),
          `${r.id} is outside the configured CIDRs`,
        );
      }
    });

    it("no other catalog service reaches any external address, and no external address reaches a catalog service", () => {
      for (const s of run.config.catalog) {
        const out = connectionsFrom(result, svc(s.name)).filter((c) => c.dst.type === "external");
        if (s.name !== "payments-service")
          assert.deepEqual(
            out.map((c) => c.dst.id),
            [],
            `${s.name} egress to external`,
          );
        const into = connectionsTo(result, svc(s.name)).filter((c) => c.src.type === "external");
        assert.deepEqual(
          into.map((c) => c.src.id),
          [],
          `external ingress to ${s.name}`,
        );
      }
    });

    it("a pod labelled incident=isolated has no connection at all, in or out", () => {
      const namespaceOf = (name: string) => run.config.catalog.find((s) => s.name === name)!.namespace;
      for (const id of [podId(namespaceOf("orders-service"), "orders-service-isolated"), podId(namespaceOf("orders-mysql"), "orders-mysql-isolated")]) {
        assert.deepEqual(
          [...connectionsFrom(result, id), ...connectionsTo(result, id)].map((c) => `${c.src.id} => ${c.dst.id}`),
          [],
        );
      }
    });

    it("a pod of no catalog service in an app namespace has no connection at all", () => {
      for (const ns of catalogNamespaces(run.config)) {
        const id = podId(ns, "stray");
        assert.deepEqual(
          [...connectionsFrom(result, id), ...connectionsTo(result, id)].map((c) => `${c.src.id} => ${c.dst.id}`),
          [],
        );
      }
    });
  });
}
