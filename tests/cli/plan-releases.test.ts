// The plan's releases/ folder: what a pull-request reviewer reads to see which chart, version and values each Helm
// release gets, secrets redacted; and chart rendering refusing clearly when it cannot happen.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { chartPins } from "../../core/charts";
import { plannedReleases, releasePlanFiles, RELEASE_TYPE } from "../../platform/offline/helm-releases";
import { REDACTED, type RecordedResource } from "../../platform/offline/recorded-resource";
import { repoRoot } from "../../platform/offline/stack-file";
import { runStack } from "../harness";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const plan = (args: string[]) => spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), ...args], { cwd: repoRoot, encoding: "utf8" });

describe("plan: releases/<release>/release.yaml", function () {
  this.timeout(120000);

  it("describes every Helm release of the stack: chart, repository, pinned version, namespace, values, options", async () => {
    const run = await runStack("production");
    const files = releasePlanFiles(plannedReleases(run.resources));
    const releases = run.resources.filter((r) => r.type === RELEASE_TYPE);
    assert.equal(files.length, releases.length);
    const certManager = parse(files.find((f) => f.path === "releases/cert-manager/release.yaml")?.content ?? "null");
    assert.deepEqual(Object.keys(certManager).slice(0, 6), ["chart", "repository", "version", "namespace", "name", "values"]);
    assert.equal(certManager.chart, "cert-manager");
    assert.equal(certManager.version, chartPins["cert-manager"].version);
    assert.equal(certManager.repository, chartPins["cert-manager"].repository);
    assert.equal(certManager.namespace, "cert-manager");
    assert.equal(typeof certManager.values, "object");
    // The options the program sets are there too, so a change of atomic or timeout shows in the diff.
    assert.equal(certManager.atomic, true);
    assert.equal(typeof certManager.timeout, "number");
    assert.equal(certManager.compat, undefined, "the SDK's wire-format flag is not a Helm option");
  });

  it("redacts a secret value of a release's values, keeping the rest", () => {
    const release: RecordedResource = {
      type: RELEASE_TYPE,
      name: "x",
      custom: true,
      dependsOn: [],
      protect: false,
      inputs: {
        name: "x",
        chart: "x",
        version: "1.0.0",
        namespace: "x",
        repositoryOpts: { repo: "https://charts.example.com" },
        values: { auth: { password: "hunter2" }, replicas: 2 },
      },
      secretPaths: ["values.auth.password"],
    };
    const [file] = releasePlanFiles(plannedReleases([release]));
    assert.doesNotMatch(file.content, /hunter2/);
    assert.deepEqual(parse(file.content).values, { auth: { password: REDACTED }, replicas: 2 });
  });

  it("the plan writes release.yaml for every release without rendering, and refuses --charts-dir without --render-charts", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-releases-"));
    try {
      const r = plan(["--stack", "staging", "--out", out]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assert.ok(fs.existsSync(path.join(out, "releases", "velero", "release.yaml")));
      assert.ok(!fs.existsSync(path.join(out, "releases", "velero", "rendered.yaml")));
      assert.ok(fs.existsSync(path.join(out, "policy-pack-config.json")));
      const bad = plan(["--stack", "staging", "--out", path.join(out, "other"), "--charts-dir", "../shared/charts"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--charts-dir is where --render-charts finds charts; add --render-charts/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("says which chart is missing from --charts-dir, and writes nothing", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "charts-empty-"));
    const out = path.join(os.tmpdir(), `plan-missing-${process.pid}`);
    try {
      const r = plan(["--stack", "staging", "--out", out, "--render-charts", "--charts-dir", empty]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /plan: no [a-z-]+-[0-9v.]+\.tgz in .*charts-empty-/);
      assert.ok(!fs.existsSync(out), "the plan folder was written although rendering failed");
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
