import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ISOLATION_LABEL, isolationCommands } from "./isolation";
import { realStacks, runStack } from "../../tests/harness";
import { repoRoot } from "../../platform/offline/stack-file";
import { objectsOf, one, resourcesOf } from "../../tests/harness/observability";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

describe("incident response", () => {
  for (const stack of realStacks) {
    it(`${stack}: the forensics ClusterRole only reads, never Secrets or interactive subresources, and is bound to the forensics group`, async () => {
      const run = await runStack(stack);
      const objs = objectsOf(run, "IncidentResponse");
      const role = one<{ rules: Rule[] }>(objs, "ClusterRole", "security-forensics-read-only");
      for (const r of role.rules) {
        assert.deepEqual(
          r.verbs.filter((v) => !["get", "list", "watch"].includes(v)),
          [],
          JSON.stringify(r),
        );
        assert.ok(!r.resources.includes("*") && !r.apiGroups.includes("*"), JSON.stringify(r));
        assert.ok(!r.resources.includes("secrets"), "forensics must not read Secret values");
        assert.deepEqual(
          r.resources.filter((x) => /\/(exec|attach|portforward|proxy|ephemeralcontainers)$/.test(x)),
          [],
        );
      }
      const core = role.rules.find((r) => r.apiGroups.includes(""))!;
      for (const needed of ["pods", "pods/log", "events", "nodes", "networkpolicies"].filter((x) => x !== "networkpolicies"))
        assert.ok(core.resources.includes(needed), needed);
      assert.ok(role.rules.some((r) => r.apiGroups.includes("networking.k8s.io") && r.resources.includes("networkpolicies")));
      const binding = one<{ subjects: unknown[]; roleRef: { name: string } }>(objs, "ClusterRoleBinding", "security-forensics-read-only");
      assert.equal(binding.roleRef.name, "security-forensics-read-only");
      assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "security-forensics" }]);
    });
  }

  it("the forensics group comes from config, and features.incidentResponse off removes the role", async () => {
    const custom = await runStack("staging", { overrides: { incidentResponse: { forensicsGroup: "oncall-investigators" } } });
    const binding = one<{ subjects: Array<{ name: string }> }>(objectsOf(custom, "IncidentResponse"), "ClusterRoleBinding", "security-forensics-read-only");
    assert.equal(binding.subjects[0].name, "oncall-investigators");
    const off = await runStack("staging", { overrides: { features: { incidentResponse: false } } });
    assert.equal(resourcesOf(off, "IncidentResponse").length, 0);
  });

  it("the runbook carries the exact isolation, capture, cordon, forensics and release commands", () => {
    const runbook = fs.readFileSync(path.join(repoRoot, "docs", "runbook-incident-response.md"), "utf8");
    for (const [step, commands] of Object.entries(isolationCommands("<namespace>", "<pod>"))) {
      for (const c of commands) assert.ok(runbook.includes(c), `${step}: runbook lacks \`${c}\``);
    }
    for (const section of ["Detection", "Containment", "Forensics", "Recovery", "Post-incident review"])
      assert.match(runbook, new RegExp(`^## .*${section}`, "m"));
    assert.ok(runbook.includes(`${ISOLATION_LABEL.key}=${ISOLATION_LABEL.value}`));
  });
});
