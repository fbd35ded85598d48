import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { readPlanFolder } from "../../cli/plan-diff";
import { PLAN_POLICY_PACK } from "../../core/plan-folder";
import { repoRoot } from "../../platform/offline/stack-file";
import { policies } from "../../policy/policies";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const plan = (args: string[], cwd = repoRoot) => spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), ...args], { cwd, encoding: "utf8" });

describe("npm run plan", function () {
  this.timeout(120000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("writes one YAML file per object grouped by namespace, cluster-scoped apart, and an inventory", () => {
    const r = plan(["--stack", "staging", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /stack staging: \d+ resources/);
    const ns = parse(fs.readFileSync(path.join(out, "cluster", "namespace.core-e-commerce.yaml"), "utf8"));
    assert.equal(ns.kind, "Namespace");
    assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    assert.ok(fs.existsSync(path.join(out, "namespaces", "e-commerce", "networkpolicy.networking.k8s.io-default-deny-all.yaml")));
    const inventory = JSON.parse(fs.readFileSync(path.join(out, "inventory.json"), "utf8")) as Array<{ type: string; parent?: string }>;
    assert.ok(inventory.some((e) => e.type === "pulumi:providers:kubernetes" && e.parent === "ecommerce:security:Platform::ecommerce"));
  });

  it("bundles the pack that judged the plan into policy-pack/ (what the README's preview and up load), left out of a plan's diff", () => {
    const pack = path.join(out, PLAN_POLICY_PACK);
    assert.deepEqual(fs.readdirSync(pack).sort(), ["PulumiPolicy.yaml", "index.js", "npm-shrinkwrap.json", "package.json"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")) as { main: string; dependencies: Record<string, string> };
    assert.equal(manifest.main, "index.js");
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"], "the workspace rules are bundled, not required");
    const bundle = fs.readFileSync(path.join(pack, "index.js"), "utf8");
    const missing = policies.map((p) => p.name).filter((name) => !bundle.includes(`"${name}"`));
    assert.deepEqual(missing, [], "every policy of the pack is in the bundle");
    assert.deepEqual(
      [...readPlanFolder(out).keys()].filter((file) => file.startsWith(`${PLAN_POLICY_PACK}/`)),
      [],
      "the bundled pack is code, not a planned resource: a plan's diff leaves it out",
    );
  });

  it("exits non-zero and names the problem on a config error", () => {
    // A copy of the repository's stack files with one broken value, in a scratch project folder.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-broken-"));
    try {
      fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      const staging = fs
        .readFileSync(path.join(repoRoot, "Pulumi.staging.yaml"), "utf8")
        .replace("retentionDays: 14\n    schedule", "retentionDays: fourteen\n    schedule");
      fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), staging);
      const env = { ...process.env, ECOMMERCE_SECURITY_PROJECT_DIR: dir };
      const bad = spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), "--stack", "staging", "--out", path.join(dir, "out")], { encoding: "utf8", env });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /Pulumi\.staging\.yaml: ecommerce-security:backup\.retentionDays: .*\(got "fourteen"\)/);
      assert.equal(fs.existsSync(path.join(dir, "out")), false, "nothing is written on a config error");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses an unknown stack", () => {
    const r = plan(["--stack", "qa", "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no stack file Pulumi\.qa\.yaml; stacks: .*production.*staging/);
  });
});
