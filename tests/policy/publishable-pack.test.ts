// The pack copied alone: `npm run pack:policy` builds a folder that stands alone, `npm pack` makes the tarball
// `pulumi policy publish` uploads, and the tarball extracted into an empty folder installs (npm install, as the Pulumi
// CLI does after downloading a published pack; offline, from the npm cache `npm ci` filled) and loads: the analyzer
// serves every rule and reports a breach. Nothing in it reaches back into this repository.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { ALL_RULES, podSecurityRemediations, RELEASE_NOT_RENDERED_POLICY, RELEASE_RENDERED_POLICY } from "@ecommerce-security/policy-rules";
import { buildPolicyPack } from "../../cli/pack-policy";
import { repoRoot } from "../../platform/offline/stack-file";
import { analyzeRequest, call, Empty, LEVEL, startAnalyzer } from "./analyzer";
import { deploymentWith, goodContainer } from "./builders";

/** Runs npm (the one running the tests when there is one) and fails with its output. */
function npm(args: string[], cwd: string): string {
  const [command, ...prefix] = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  const r = spawnSync(command, [...prefix, ...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  assert.equal(r.status, 0, `npm ${args.join(" ")} in ${cwd} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe("the policy pack copied alone: built, packed with npm pack, installed in an empty folder and loaded", function () {
  this.timeout(300000);
  let scratch: string;
  let installed: string;
  let pack: ChildProcess | undefined;
  let client: AnalyzerClient | undefined;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
    buildPolicyPack(path.join(scratch, "build"));
    const tarball = npm(["pack", "--pack-destination", scratch, "--json"], path.join(scratch, "build"));
    const [{ filename }] = JSON.parse(tarball) as Array<{ filename: string }>;
    const empty = path.join(scratch, "empty");
    fs.mkdirSync(empty);
    const untar = spawnSync("tar", ["-xzf", path.join(scratch, filename), "-C", empty], { encoding: "utf8" });
    assert.equal(untar.status, 0, untar.stderr);
    installed = path.join(empty, "package");
    // Offline: the shrinkwrap names every tarball, which `npm ci` of this repository put in the npm cache.
    npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], installed);
  });

  after(() => {
    client?.close();
    pack?.kill();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("holds the bundle, PulumiPolicy.yaml, a shrinkwrap and a package.json that needs nothing npm cannot install", () => {
    assert.deepEqual(
      fs
        .readdirSync(installed)
        .filter((f) => f !== "node_modules")
        .sort(),
      ["PulumiPolicy.yaml", "index.js", "npm-shrinkwrap.json", "package.json"],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { main: string; dependencies: Record<string, string> };
    assert.equal(manifest.main, "index.js");
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"]);
    for (const version of Object.values(manifest.dependencies)) assert.match(version, /^\d+\.\d+\.\d+$/);
    const bundle = fs.readFileSync(path.join(installed, "index.js"), "utf8");
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual(
      // Node's own modules (the YAML reader the chart rendering uses asks for `process` and `buffer` by their bare names).
      required.filter((r) => !isBuiltin(r)),
      ["@pulumi/policy"],
    );
    assert.ok(!bundle.includes("@ecommerce-security/"), "the workspace packages are inside the bundle, not required by name");
  });

  it("installs the versions this repository tested, and loads under the Pulumi analyzer with every rule and remediation", async () => {
    const versionOf = (root: string, name: string) =>
      (JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    for (const name of ["@pulumi/policy", "@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf"])
      assert.equal(versionOf(installed, name), versionOf(repoRoot, name), name);
    // The pack's own @pulumi/pulumi runs it, as the analyzer plugin does in the installed folder.
    ({ pack, client } = await startAnalyzer(path.join(installed, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack"), installed));
    const info = await call<unknown, analyzer.AnalyzerInfo>(client.getAnalyzerInfo.bind(client) as never, new Empty());
    assert.equal(info.getName(), "ecommerce-security");
    assert.deepEqual(
      info
        .getPoliciesList()
        .map((p) => p.getName())
        .sort(),
      [RELEASE_RENDERED_POLICY, RELEASE_NOT_RENDERED_POLICY, ...ALL_RULES.map((r) => r.name), ...podSecurityRemediations.map((r) => r.name)].sort(),
    );
    const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
      client.analyze.bind(client),
      analyzeRequest(deploymentWith({ containers: [goodContainer({ image: "docker.io/attacker/miner:1.0" })] })),
    );
    const registry = response.getDiagnosticsList().filter((d) => d.getPolicyname() === "image-registry-allowed");
    assert.equal(registry.length, 1);
    assert.equal(registry[0].getEnforcementlevel(), LEVEL.MANDATORY);
  });
});
