// `npm run policy:check`: exit codes, human and JSON output, --only, --level, --config, stdin.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_RULES } from "@ecommerce-security/policy-rules";
import { main } from "../../cli/policy-check";
import { repoRoot } from "../../platform/offline/stack-file";

const FIXTURES = path.join(__dirname, "..", "policy", "fixtures");
const BREACHES = path.join(FIXTURES, "breaches.yaml");
const CLEAN = path.join(FIXTURES, "clean.yaml");

/** Runs the command in-process and captures what it prints. */
async function check(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: stdin === undefined ? undefined : () => stdin });
  return { code, stdout, stderr };
}

const rootPod = (namespace?: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "root", ...(namespace ? { namespace } : {}) },
    spec: {
      automountServiceAccountToken: false,
      containers: [
        { name: "app", image: "registry.shop.example.com/app:1.0.0", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } },
      ],
    },
  });

describe("npm run policy:check", () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("exits 0 on a compliant set and says how much it checked", async () => {
    const r = await check([CLEAN]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), "3 resources checked: 0 mandatory, 0 advisory finding(s)");
  });

  it("exits 1 on a mandatory finding and prints one line per finding with resource, rule, level, path and fix", async () => {
    const r = await check([BREACHES]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split("\n");
    assert.ok(
      lines.includes(
        "Certificate shop/web-tls  certificate-key-strength (mandatory) spec.privateKey.size: RSA key of 1024 bits is weaker than the 2048 bits required; fix: set spec.privateKey.size to 2048 or more (or use ECDSA 256/384)",
      ),
      r.stdout,
    );
    assert.match(lines[lines.length - 1], /^25 resources checked: \d+ mandatory, \d+ advisory finding\(s\)$/);
  });

  it("exits 0 when only advisory findings remain", async () => {
    const r = await check(
      ["--only", "images", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "shop" },
        spec: { containers: [{ name: "a", image: "registry.shop.example.com/a:1.0" }] },
      }),
    );
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /image-digest-pinned \(advisory\)/);
  });

  it("--json prints an array of findings in the documented shape", async () => {
    const r = await check(["--json", BREACHES]);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.ok(findings.length > 10);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ["enforcementLevel", "fix", "message", "path", "policy", "resource"]);
      assert.deepEqual(Object.keys(f.resource as object).sort(), ["apiVersion", "kind", "name", "namespace"]);
      assert.ok(f.enforcementLevel === "mandatory" || f.enforcementLevel === "advisory");
    }
    const binding = findings.find((f) => f.policy === "rbac-no-cluster-admin-binding");
    assert.deepEqual(binding, {
      policy: "rbac-no-cluster-admin-binding",
      enforcementLevel: "mandatory",
      resource: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespace: null, name: "ops-admin" },
      message: "binds the cluster-admin ClusterRole",
      path: "roleRef.name",
      fix: "bind a Role with the verbs and resources the subjects need",
    });
  });

  it("--only runs one group (or several, comma-separated)", async () => {
    const rbac = JSON.parse((await check(["--json", "--only", "rbac", BREACHES])).stdout) as Array<{ policy: string }>;
    // The breach program breaks every rule of every group.
    const ofGroups = (...groups: string[]) =>
      ALL_RULES.filter((r) => groups.includes(r.group))
        .map((r) => r.name)
        .sort();
    assert.deepEqual([...new Set(rbac.map((f) => f.policy))].sort(), ofGroups("rbac"));
    const two = JSON.parse((await check(["--json", "--only", "mesh,network", BREACHES])).stdout) as Array<{ policy: string }>;
    assert.deepEqual([...new Set(two.map((f) => f.policy))].sort(), ofGroups("mesh", "network"));
  });

  it("--level sets the Pod Security level of objects whose namespace the input does not declare", async () => {
    const restricted = await check(["--only", "pod-security", "-"], rootPod("team"));
    assert.equal(restricted.code, 1);
    assert.match(restricted.stdout, /Pod team\/root {2}pss-restricted \(mandatory\) spec\.containers\[0\]\.securityContext\.runAsNonRoot/);
    const baseline = await check(["--only", "pod-security", "--level", "baseline", "-"], rootPod("team"));
    assert.equal(baseline.code, 0, baseline.stdout);
  });

  it("--level does not override a namespace the input declares", async () => {
    const namespace = JSON.stringify({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
    const r = await check(["--only", "pod-security", "--level", "baseline", "-"], `${namespace}\n---\n${rootPod("team")}`);
    assert.equal(r.code, 1);
  });

  it("--config applies a policy pack configuration (levels and properties)", async () => {
    const config = path.join(scratch, "config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ "rbac-no-cluster-admin-binding": "advisory", "rbac-no-wildcards": { exemptRoles: ["too-much", "shop/scaler"] } }),
    );
    const r = JSON.parse((await check(["--json", "--only", "rbac", "--config", config, BREACHES])).stdout) as Array<{
      policy: string;
      enforcementLevel: string;
    }>;
    assert.deepEqual(r.find((f) => f.policy === "rbac-no-cluster-admin-binding")?.enforcementLevel, "advisory");
    assert.equal(
      r.some((f) => f.policy === "rbac-no-wildcards"),
      false,
    );
  });

  it("exits 2 naming the file and the reason on unreadable input", async () => {
    const missing = await check([path.join(scratch, "nope.yaml")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.yaml: no such file or directory/);
    const broken = path.join(scratch, "broken.yaml");
    fs.writeFileSync(broken, "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n");
    const bad = await check([CLEAN, broken]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read .*broken\.yaml: invalid YAML in document 1/);
    assert.equal(bad.stdout, "", "nothing is reported when an input cannot be read");
  });

  it("exits 2 on bad usage and on an invalid configuration", async () => {
    assert.equal((await check(["--only", "bogus", CLEAN])).code, 2);
    assert.equal((await check(["--level", "privileged", CLEAN])).code, 2);
    assert.equal((await check([])).code, 2);
    const config = path.join(scratch, "bad-config.json");
    fs.writeFileSync(config, JSON.stringify({ "image-registry-allowed": { allowedRegistries: "docker.io" } }));
    const r = await check(["--config", config, CLEAN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /image-registry-allowed\.allowedRegistries: .*\(got "docker\.io"\)/);
  });

  it("the script's process exits with the command's code", function () {
    this.timeout(60000);
    const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [path.join(repoRoot, "cli", "policy-check.ts"), "--only", "rbac", BREACHES], { encoding: "utf8" });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /ClusterRoleBinding ops-admin {2}rbac-no-cluster-admin-binding \(mandatory\)/);
  });
});
