// SecureNamespace in both stacks: quota and limits from namespaceDefaults, Pod Security levels (restricted unless a
// host-level agent needs less, with the reason), sidecar injection only where the catalog's services run.
import { strict as assert } from "node:assert";
import { objectNamed, objectsOfKind, realStacks, runStack } from "../../tests/harness";

for (const stack of realStacks) {
  describe(`secure namespaces: ${stack}`, () => {
    it("every namespace gets the configured ResourceQuota and LimitRange", async () => {
      const run = await runStack(stack);
      const q = run.config.namespaceDefaults.quota;
      const l = run.config.namespaceDefaults.limitRange;
      for (const ns of objectsOfKind(run, "Namespace").map((n) => n.metadata.name!)) {
        const quota = objectNamed(run, "ResourceQuota", "default-quota", ns);
        assert.deepEqual((quota.spec as { hard: unknown }).hard, {
          "requests.cpu": q.requestsCpu,
          "requests.memory": q.requestsMemory,
          "limits.cpu": q.limitsCpu,
          "limits.memory": q.limitsMemory,
          pods: String(q.pods),
          persistentvolumeclaims: String(q.persistentVolumeClaims),
          "services.loadbalancers": "0",
          "services.nodeports": "0",
        });
        const limits = objectNamed(run, "LimitRange", "default-limits", ns);
        assert.deepEqual((limits.spec as { limits: unknown }).limits, [
          {
            type: "Container",
            default: { cpu: l.defaultCpu, memory: l.defaultMemory },
            defaultRequest: { cpu: l.defaultRequestCpu, memory: l.defaultRequestMemory },
            max: { cpu: l.maxCpu, memory: l.maxMemory },
          },
        ]);
      }
    });

    it("app namespaces enforce restricted and get sidecar injection; platform namespaces get no sidecars", async () => {
      const run = await runStack(stack);
      const app = new Set(run.config.catalog.map((s) => s.namespace));
      for (const ns of objectsOfKind(run, "Namespace")) {
        const labels = ns.metadata.labels ?? {};
        if (app.has(ns.metadata.name!)) {
          assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted", ns.metadata.name);
          assert.equal(labels["istio-injection"], "enabled", ns.metadata.name);
        } else {
          assert.equal(labels["istio-injection"], undefined, ns.metadata.name);
        }
        assert.equal(labels["pod-security.kubernetes.io/audit"], "restricted");
        assert.equal(labels["pod-security.kubernetes.io/warn"], "restricted");
      }
    });

    it("only Fluent Bit's own namespace (its hostPath mounts) runs below restricted, and says why", async () => {
      const run = await runStack(stack);
      const relaxed = objectsOfKind(run, "Namespace").filter((n) => n.metadata.labels?.["pod-security.kubernetes.io/enforce"] !== "restricted");
      assert.deepEqual(
        relaxed.map((n) => `${n.metadata.name}=${n.metadata.labels?.["pod-security.kubernetes.io/enforce"]}`),
        ["fluent-bit=privileged"],
      );
      assert.match(relaxed[0].metadata.annotations?.["ecommerce.example.com/pod-security-reason"] ?? "", /Fluent Bit .*hostPath/);
    });
  });
}

describe("secure namespaces: stack differences", () => {
  it("production's quota override reaches every namespace, staging keeps the defaults", async () => {
    const prod = await runStack("production");
    const staging = await runStack("staging");
    assert.equal((objectNamed(prod, "ResourceQuota", "default-quota", "ecommerce").spec as { hard: Record<string, string> }).hard.pods, "200");
    assert.equal((objectNamed(staging, "ResourceQuota", "default-quota", "e-commerce").spec as { hard: Record<string, string> }).hard.pods, "100");
  });
});
