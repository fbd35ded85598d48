// The pack over both real stacks, as the engine would run it over what the program registers: zero mandatory
// findings. And the offline plan's policy report: the same findings, written as policy-report.json and .md.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Finding } from "@ecommerce-security/policy-rules";
import { stackPolicyReport } from "../../platform/offline/policy-report";
import { policies } from "../../policy/policies";
import { writePlan } from "../../cli/plan";
import { preparePlan } from "../../platform/offline/stack-plan";
import { realStacks, runStack, type RecordedResource } from "../harness";
import { reportedBy, type FakeResource } from "../../cli/pack-engine";

/** What the engine would hand the pack: every custom resource with its inputs. */
const asEngineResources = (resources: readonly RecordedResource[]): FakeResource[] =>
  resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, props: r.inputs }));

describe("the policy pack over the real stacks", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("no mandatory policy reports anything (through the CrossGuard policies)", async () => {
        const run = await runStack(stack);
        const fakes = asEngineResources(run.resources);
        // The stack's pack configuration, as the plan writes it to policy-pack-config.json for `--policy-pack-config`.
        const { packConfig } = preparePlan(run);
        const mandatory: string[] = [];
        for (const policy of policies) {
          if (policy.enforcementLevel !== "mandatory") continue;
          const own = packConfig[policy.name];
          for (const r of await reportedBy(policy.name, fakes, typeof own === "object" ? own : {}))
            mandatory.push(`${policy.name} ${r.resource}: ${r.message}`);
        }
        assert.deepEqual(mandatory, []);
      });

      it("a namespace runs below restricted only when listed with its reason, and only Fluent Bit is exempted there, from what reading node logs needs", async () => {
        const run = await runStack(stack);
        const { report } = preparePlan(run);
        const podSecurity = report.excepted.filter((f) => f.policy.startsWith("pss-"));
        assert.deepEqual([...new Set(podSecurity.map((f) => `${f.resource.kind} ${f.resource.namespace ?? ""}/${f.resource.name}`))].sort(), [
          "DaemonSet fluent-bit/fluent-bit",
          "Namespace /fluent-bit",
        ]);
        const controls = podSecurity.filter((f) => f.resource.kind === "DaemonSet").map((f) => /control (\w+)\]/.exec(f.message)?.[1]);
        assert.deepEqual([...new Set(controls)].sort(), ["hostPathVolumes", "restrictedVolumes", "runAsNonRoot", "runAsUser"]);
        assert.ok(podSecurity.every((f) => f.reason.length > 20));
        assert.deepEqual(report.stale, []);
        assert.match(
          report.markdown,
          /\| `pss-restricted` \| DaemonSet fluent-bit\/fluent-bit \| `spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser` \|/,
        );
      });

      it("the stack has what the rules judge: workloads, namespaces, Helm releases and AWS resources", async () => {
        const run = await runStack(stack);
        const types = new Set(run.resources.map((r) => r.type));
        for (const type of [
          "kubernetes:core/v1:Namespace",
          "kubernetes:networking.k8s.io/v1:NetworkPolicy",
          "kubernetes:helm.sh/v3:Release",
          "aws:s3/bucket:Bucket",
        ]) {
          assert.ok(types.has(type), `no ${type} in ${stack}`);
        }
        assert.ok(
          [...types].some((t) => /:(Deployment|DaemonSet|StatefulSet|CronJob|Job)$/.test(t)),
          "no workload",
        );
      });

      it("the offline plan writes the pack's findings to policy-report.json and policy-report.md", async () => {
        const run = await runStack(stack);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policy-"));
        try {
          const written = writePlan(run, out);
          assert.ok(written.includes("policy-report.json") && written.includes("policy-report.md"));
          const { findings } = JSON.parse(fs.readFileSync(path.join(out, "policy-report.json"), "utf8")) as { findings: Finding[] };
          assert.deepEqual(findings, stackPolicyReport(stack, run.resources, { packConfig: preparePlan(run).packConfig }).findings);
          assert.equal(findings.filter((f) => f.enforcementLevel === "mandatory").length, 0);
          const markdown = fs.readFileSync(path.join(out, "policy-report.md"), "utf8");
          assert.match(markdown, new RegExp(`^# Policy report: stack ${stack}`));
          assert.match(markdown, /\| `pss-restricted` \| pod-security \| mandatory \| 0 \|/);
        } finally {
          fs.rmSync(out, { recursive: true, force: true });
        }
      });
    });
  }

  it("the report covers non-Kubernetes resources and blocks on a mandatory finding", async () => {
    const run = await runStack(realStacks[0]);
    const broken: RecordedResource = {
      type: "aws:secretsmanager/secret:Secret",
      name: "leaky",
      custom: true,
      dependsOn: [],
      protect: false,
      inputs: { name: "leaky" },
      secretPaths: [],
    };
    const report = stackPolicyReport("broken", [...run.resources, broken], { packConfig: preparePlan(run).packConfig });
    assert.equal(report.blocked, true);
    assert.deepEqual(
      report.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => [f.policy, f.resource]),
      [["aws-secret-encryption-cmk", { apiVersion: null, kind: "aws:secretsmanager/secret:Secret", namespace: null, name: "leaky" }]],
    );
    assert.match(report.markdown, /\| mandatory \| `aws-secret-encryption-cmk` \| aws:secretsmanager\/secret:Secret leaky \|/);
  });
});
