import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { connectionsFrom, connectionsTo } from "@ecommerce-security/netpol";
import { ISOLATION_LABEL, ISOLATION_STEPS, isolationCommands, SELECTOR_LABEL_KEYS } from "./isolation";
import { serviceSelector } from "../../core/labels";
import { realStacks, runStack } from "../../tests/harness";
import { repoRoot } from "../../platform/offline/stack-file";
import { objectsOf, one, resourcesOf } from "../../tests/harness/observability";
import { servicePod } from "../network/representative-workloads";
import { analyzeRun, podId } from "../network/test-fixtures";

const runbook = () => fs.readFileSync(path.join(repoRoot, "docs", "runbook-incident-response.md"), "utf8");
/** The shell commands of the runbook's ```sh blocks, one per line. */
const runbookCommands = () =>
  [...runbook().matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
/** The labels a `kubectl label pod ... key- ...` command removes. */
const removedLabels = (command: string) =>
  command
    .split(" ")
    .filter((w) => /^[a-z0-9./-]+-$/.test(w))
    .map((w) => w.slice(0, -1));

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

  it("the runbook carries the exact label, detach, cordon, capture, forensics, drain and cleanup commands", () => {
    const commands = runbookCommands();
    for (const [step, lines] of Object.entries(isolationCommands("<namespace>", "<pod>", "<selector-label>"))) {
      for (const c of lines) assert.ok(commands.includes(c), `${step}: the runbook's command blocks lack \`${c}\``);
    }
    for (const section of ["Detection", "Containment", "Forensics", "Recovery", "Post-incident review"])
      assert.match(runbook(), new RegExp(`^## .*${section}`, "m"));
    assert.ok(runbook().includes(`${ISOLATION_LABEL.key}=${ISOLATION_LABEL.value}`));
  });

  it("containment keeps the evidence: label, take out of the controller, cordon, capture, in that order, before any drain", () => {
    const commands = runbookCommands();
    const steps = isolationCommands("<namespace>", "<pod>", "<selector-label>");
    const firstAt = (step: (typeof ISOLATION_STEPS)[number]) => commands.indexOf(steps[step][0]);
    const lastAt = (step: (typeof ISOLATION_STEPS)[number]) => commands.indexOf(steps[step][steps[step].length - 1]);
    assert.deepEqual(ISOLATION_STEPS.slice(0, 4), ["label", "detach", "cordon", "capture"]);
    for (const [before, after] of [
      ["label", "detach"],
      ["detach", "cordon"],
      ["cordon", "capture"],
      ["capture", "drain"],
    ] as const) {
      assert.ok(lastAt(before) < firstAt(after), `the runbook runs ${after} before ${before} is done`);
    }
    const drains = commands.map((c, i) => [c, i] as const).filter(([c]) => /^kubectl drain\b/.test(c));
    assert.ok(drains.length > 0);
    for (const [drain, at] of drains) {
      assert.ok(at > lastAt("capture"), `\`${drain}\` comes before the capture`);
      // kubectl drain evicts every pod of the node its flags do not exclude, isolated or not, in no particular order.
      assert.ok(drain.includes("--pod-selector='incident!=isolated'"), `\`${drain}\` would evict (or, with --force, delete) the isolated pod`);
      assert.doesNotMatch(drain, /--force|--disable-eviction/);
    }
    assert.doesNotMatch(runbook(), /to the (very )?end|evict\w* (it )?last/i, "drain has no order in which it evicts pods");
  });

  it("taking the pod out of its controller removes exactly the labels the catalog's pods are selected by, whatever the stack's selector label", () => {
    for (const selectorLabel of ["app", "app.kubernetes.io/name"]) {
      const [, , , remove] = isolationCommands("shop", "orders-1", selectorLabel).detach;
      assert.deepEqual(removedLabels(remove), Object.keys(serviceSelector({ name: "orders-service", selectorLabel })));
    }
    assert.deepEqual(SELECTOR_LABEL_KEYS, ["app"], "the default names select on the architecture document's label");
    assert.match(isolationCommands("shop", "orders-1", "app").detach[0], /> orders-1\.before-detach\.pod\.yaml$/, "the manifest is saved before it changes");
  });

  for (const stack of realStacks) {
    it(`${stack}: a pod labelled and taken out of its controller stays cut off in both directions and leaves its Service`, async () => {
      const run = await runStack(stack);
      const orders = run.config.catalog.find((s) => s.name === "orders-service")!;
      const pod = servicePod(orders);
      const labels: Record<string, string> = { ...pod.metadata.labels, [ISOLATION_LABEL.key]: ISOLATION_LABEL.value };
      for (const key of removedLabels(isolationCommands(orders.namespace, "orders-detached", orders.selectorLabel).detach[3])) delete labels[key];
      const detached = { ...pod, metadata: { ...pod.metadata, name: "orders-detached", labels } };
      const selector = serviceSelector(orders);
      assert.ok(
        Object.entries(selector).some(([k, v]) => labels[k] !== v),
        "the pod still matches its Service's selector",
      );
      const result = analyzeRun(run, [detached]);
      const id = podId(orders.namespace, "orders-detached");
      assert.deepEqual(
        connectionsFrom(result, id).map((c) => `${c.dst.id} : ${c.conns}`),
        [],
      );
      assert.deepEqual(
        connectionsTo(result, id).map((c) => `${c.src.id} : ${c.conns}`),
        [],
      );
    });
  }
});
