import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { chartPins } from "../../core/charts";
import { realStacks } from "../harness";
import { repoRoot } from "../../platform/offline/stack-file";
import { imagesOf } from "../../cli/images";

/* eslint-disable @typescript-eslint/no-explicit-any */
const workflow = (name: string): any => parse(fs.readFileSync(path.join(repoRoot, ".github", "workflows", name), "utf8"));
const runs = (job: any): string => (job.steps as any[]).map((s) => s.run ?? "").join("\n");
const uses = (job: any, action: string): any => (job.steps as any[]).find((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const renovate = () => JSON.parse(fs.readFileSync(path.join(repoRoot, "renovate.json"), "utf8"));

describe("repository automation", () => {
  it("every workflow is valid YAML with triggers and jobs", () => {
    const files = fs.readdirSync(path.join(repoRoot, ".github", "workflows")).filter((f) => /\.ya?ml$/.test(f));
    assert.deepEqual(files.sort(), ["ci.yml", "image-scan.yml", "pulumi.yml"]);
    for (const f of files) {
      const w = workflow(f);
      assert.ok(w.on && Object.keys(w.jobs).length > 0, f);
      for (const [id, job] of Object.entries<any>(w.jobs)) {
        assert.ok(job["runs-on"] && Array.isArray(job.steps) && job.steps.length > 0, `${f}: ${id}`);
        assert.ok(job["timeout-minutes"], `${f}: ${id} has no timeout`);
      }
      assert.deepEqual(w.permissions, { contents: "read" }, `${f}: least-privilege default token`);
    }
  });

  it("ci runs npm test on pull requests and main, and checks the audit policy file", () => {
    const w = workflow("ci.yml");
    assert.ok("pull_request" in w.on);
    assert.deepEqual(w.on.push.branches, ["main"]);
    assert.match(runs(w.jobs.test), /^npm test$/m);
    assert.match(runs(w.jobs.test), /npm run audit:policy -- --check/);
  });

  it("pulumi: preview with the policy pack per stack on pull requests, up on main only", () => {
    const w = workflow("pulumi.yml");
    const { preview, up } = w.jobs;
    assert.equal(preview.if, "github.event_name == 'pull_request'");
    assert.deepEqual([...preview.strategy.matrix.stack].sort(), [...realStacks].sort());
    const p = uses(preview, "pulumi/actions");
    assert.equal(p.with.command, "preview");
    assert.equal(p.with.policyPacks, "policy");
    assert.equal(p.with["stack-name"], "${{ matrix.stack }}");
    assert.equal(up.if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
    assert.deepEqual(up.strategy.matrix.stack, ["staging", "production"], "staging first");
    assert.deepEqual([...up.strategy.matrix.stack].sort(), [...realStacks].sort());
    const u = uses(up, "pulumi/actions");
    assert.equal(u.with.command, "up");
    assert.equal(u.with.policyPacks, "policy");
    assert.equal(up.environment, "${{ matrix.stack }}");
    assert.equal(up.concurrency["cancel-in-progress"], false, "never cancel a running up");
    for (const job of [preview, up]) assert.equal(job.permissions["id-token"], "write", "cloud access through OIDC");
  });

  it("image scan fails on CRITICAL and HIGH for every image of the stacks", () => {
    const w = workflow("image-scan.yml");
    assert.match(runs(w.jobs.images), /cli\/images\.ts --stack staging --stack production/);
    const trivy = uses(w.jobs.scan, "aquasecurity/trivy-action");
    assert.equal(trivy.with.severity, "CRITICAL,HIGH");
    assert.equal(trivy.with["exit-code"], "1");
    assert.equal(w.jobs.scan.strategy.matrix.image, "${{ fromJSON(needs.images.outputs.images) }}");
    assert.ok(w.on.schedule?.length, "scheduled: new CVEs appear without a change");
  });

  it("the image list covers init and regular containers of every pod template", () => {
    const images = imagesOf([
      { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "a" }, spec: { template: { spec: { containers: [{ name: "c", image: "x:1" }] } } } },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "b" },
        spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "i", image: "y:2" }], containers: [{ name: "c", image: "x:1" }] } } } } },
      },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } },
    ]);
    assert.deepEqual(images, ["x:1", "y:2"]);
  });

  it("renovate.json pins digests and groups Pulumi and chart updates", () => {
    const r = renovate();
    assert.equal(r.pinDigests, true);
    assert.ok(r.extends.includes("docker:pinDigests") && r.extends.includes("helpers:pinGitHubActionDigests"));
    const pulumi = r.packageRules.find((p: any) => p.groupName === "Pulumi");
    assert.ok(pulumi.matchPackageNames.includes("@pulumi/**"));
    const charts = r.packageRules.find((p: any) => p.groupName === "Helm charts");
    assert.deepEqual(charts.matchDatasources, ["helm"]);
  });

  it("renovate's chart manager finds every pinned chart with its repository and version", () => {
    const manager = renovate().customManagers.find((m: any) => m.datasourceTemplate === "helm");
    const text = fs.readFileSync(path.join(repoRoot, "core", "charts.ts"), "utf8");
    const found = [...text.matchAll(new RegExp(manager.matchStrings[0], "g"))].map(
      (m) => `${m.groups!.depName}@${m.groups!.currentValue} ${m.groups!.registryUrl}`,
    );
    const pinned = Object.values(chartPins)
      .filter((p) => p.repository.startsWith("https://"))
      .map((p) => `${p.chart}@${p.version} ${p.repository}`);
    assert.deepEqual(found.sort(), pinned.sort());
  });

  it("renovate's image manager finds the image defaults of the logging and compliance config", () => {
    const manager = renovate().customManagers.find((m: any) => m.datasourceTemplate === "docker");
    const re = new RegExp(manager.matchStrings[0], "g");
    const found = ["logging", "compliance"].flatMap((concern) =>
      [...fs.readFileSync(path.join(repoRoot, "components", concern, "schema.ts"), "utf8").matchAll(re)].map(
        (m) => `${m.groups!.depName}:${m.groups!.currentValue}`,
      ),
    );
    assert.deepEqual(found.sort(), [
      "cr.fluentbit.io/fluent/fluent-bit:4.1.1",
      "docker.elastic.co/elasticsearch/elasticsearch:8.19.6",
      "docker.elastic.co/kibana/kibana:8.19.6",
      "docker.io/curlimages/curl:8.16.0",
    ]);
  });
});
