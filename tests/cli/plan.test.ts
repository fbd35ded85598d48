import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../../platform/offline/stack-file";

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
