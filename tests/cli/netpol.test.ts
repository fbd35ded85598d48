// The `npm run netpol` command as users run it: output on a corpus case, and exit code 2 with the file named on bad input.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "../..");
const corpusCase = path.resolve(repoRoot, "../shared/netpol-corpus/netpol-analysis-example-minimal");

/** Runs cli/netpol.ts the way `npm run netpol` does (through tsx), with optional stdin. */
function netpol(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "cli/netpol.ts"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    input,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("netpol command", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-cli-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints the corpus case's expected connlist and exits 0", () => {
    const run = netpol(["--format", "connlist", path.join(corpusCase, "input")]);
    assert.equal(run.stderr, "");
    assert.equal(run.status, 0);
    assert.equal(run.stdout, fs.readFileSync(path.join(corpusCase, "netpol-analysis-example-minimal_connlist_output.txt"), "utf8"));
  });

  it("prints JSON with port ranges per protocol, reading manifests from stdin", () => {
    const manifests = fs
      .readdirSync(path.join(corpusCase, "input"))
      .sort()
      .map((name) => fs.readFileSync(path.join(corpusCase, "input", name), "utf8"))
      .join("\n---\n");
    const run = netpol(["--format", "json", "-"], manifests);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      { src: "0.0.0.0-255.255.255.255[External]", dst: "default/frontend[Deployment]", conn: { TCP: [[8080, 8080]] } },
      { src: "default/frontend[Deployment]", dst: "0.0.0.0-255.255.255.255[External]", conn: { UDP: [[53, 53]] } },
      { src: "default/frontend[Deployment]", dst: "default/backend[Deployment]", conn: { TCP: [[9090, 9090]] } },
    ]);
  });

  it("exits 2 naming a path that does not exist", () => {
    const missing = path.join(dir, "missing-dir");
    const run = netpol([missing]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: no such file or directory`));
  });

  it("exits 2 naming the file of unparsable YAML and of an invalid policy", () => {
    const broken = path.join(dir, "broken.yaml");
    fs.writeFileSync(broken, "kind: NetworkPolicy\nspec: [\n");
    const yamlRun = netpol([broken]);
    assert.equal(yamlRun.status, 2);
    assert.match(yamlRun.stderr, /broken\.yaml: invalid YAML in document 1/);

    const invalid = path.join(dir, "invalid.yaml");
    fs.writeFileSync(
      invalid,
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress: [{ports: [{port: 80, protocol: HTTP}]}]\n",
    );
    const policyRun = netpol([invalid]);
    assert.equal(policyRun.status, 2);
    assert.match(policyRun.stderr, /invalid\.yaml: NetworkPolicy default\/p: spec\.ingress\[0\]\.ports\[0\]\.protocol: "HTTP"; allowed: SCTP, TCP, UDP/);
  });

  it("exits 2 on an unknown format", () => {
    const run = netpol(["--format", "xml", path.join(corpusCase, "input")]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Allowed choices are connlist, json/);
  });
});
