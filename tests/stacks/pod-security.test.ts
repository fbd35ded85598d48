import { strict as assert } from "node:assert";
import { evaluatePodSecurity } from "@ecommerce-security/pod-security";
import { objectsOfKind, realStacks, runStack } from "../harness";
import { WORKLOAD_KINDS, objectsOf } from "../harness/observability";

type Level = "privileged" | "baseline" | "restricted";

describe("observability workloads and Pod Security", () => {
  for (const stack of realStacks) {
    it(`${stack}: every workload passes restricted, unless its namespace is a documented exception whose level admits it`, async () => {
      const run = await runStack(stack);
      const namespaces = new Map(objectsOfKind(run, "Namespace").map((n) => [n.metadata.name!, n]));
      const workloads = objectsOf(run).filter((o) => WORKLOAD_KINDS.has(o.kind));
      assert.ok(workloads.length >= 5);
      const exceptions: string[] = [];
      for (const w of workloads) {
        const ns = namespaces.get(w.metadata.namespace!);
        assert.ok(ns, `${w.kind} ${w.metadata.name}: namespace ${w.metadata.namespace} is not declared by the stack`);
        const restricted = evaluatePodSecurity(w, { level: "restricted" });
        if (restricted.length === 0) continue;
        const level = ns.metadata.labels?.["pod-security.kubernetes.io/enforce"] as Level;
        assert.notEqual(level, "restricted", `${w.kind} ${w.metadata.name} breaks restricted: ${restricted.map((v) => v.message).join("; ")}`);
        assert.ok(ns.metadata.annotations?.["ecommerce.example.com/pod-security-reason"], `${w.metadata.namespace} has no documented reason`);
        assert.deepEqual(evaluatePodSecurity(w, { level }), [], `${w.kind} ${w.metadata.name} at ${level}`);
        exceptions.push(`${w.kind}/${w.metadata.namespace}/${w.metadata.name}`);
      }
      // Only Fluent Bit needs the exception, alone in its own namespace; Elasticsearch and Kibana stay restricted.
      assert.deepEqual(exceptions, ["DaemonSet/fluent-bit/fluent-bit"]);
    });
  }
});
