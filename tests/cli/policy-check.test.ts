// `npm run policy:check` as a CI tool: exit codes, the file and line of every finding (with the Helm template of
// helm output), unreadable inputs reported while the rest is checked, --format text|json|sarif|junit, --namespace,
// --only, --level, --config for any rule, stdin.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readManifests } from "@ecommerce-security/manifests";
import { ALL_RULES, type ExceptedFinding, type Finding } from "@ecommerce-security/policy-rules";
import { main } from "../../cli/policy-check";
import { PACK_VERSION } from "../../policy/pack";
import { repoRoot } from "../../platform/offline/stack-file";

const FIXTURES = path.join(__dirname, "..", "policy", "fixtures");
const BREACHES = path.join(repoRoot, "packages", "policy-rules", "examples", "breaches.yaml");
const CLEAN = path.join(FIXTURES, "clean.yaml");
/** How many objects the breach program holds. */
const BREACH_OBJECTS = readManifests([BREACHES]).length;

/** Runs the command in-process and captures what it prints. */
async function check(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: stdin === undefined ? undefined : () => stdin });
  return { code, stdout, stderr };
}

interface JsonReport {
  findings: Finding[];
  excepted: ExceptedFinding[];
  stale: unknown[];
  unreadable: Array<{ file: string; reason: string }>;
  objectCount: number;
}
const json = async (args: string[], stdin?: string) => JSON.parse((await check(["--format", "json", ...args], stdin)).stdout) as JsonReport;

/** The one-based line of the first line of `file` that contains `text`. */
const lineOf = (file: string, text: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .findIndex((l) => l.includes(text)) + 1;

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

/** Two documents as `helm template` prints them. */
const HELM_OUTPUT = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
# Source: shop/templates/role.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: web
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
`;

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

  it("exits 1 on a mandatory finding and prints it as Pulumi prints a violation: level, pack, rule, object, the rule, then file:line, the breach and the fix", async () => {
    const r = await check([BREACHES]);
    assert.equal(r.code, 1);
    const block = [
      `    [mandatory]  ecommerce-security v${PACK_VERSION}  certificate-key-strength  (Certificate shop/web-tls)`,
      "    Every cert-manager Certificate uses an RSA key of at least 2048 bits, an ECDSA key of at least 256 bits, or Ed25519.",
      `    ${BREACHES}:${lineOf(BREACHES, "size: 1024")}`,
      "    spec.privateKey.size: RSA key of 1024 bits is weaker than the 2048 bits required",
      "    fix: set spec.privateKey.size to 2048 or more (or use ECDSA 256/384)",
    ].join("\n");
    assert.ok(r.stdout.includes(block), r.stdout);
    assert.ok(r.stdout.startsWith("Policy Violations:\n"));
    assert.ok(r.stdout.indexOf("[advisory]") > r.stdout.lastIndexOf("[mandatory]"), "mandatory findings first");
    const lines = r.stdout.trim().split("\n");
    assert.match(lines[lines.length - 1], new RegExp(`^${BREACH_OBJECTS} resources checked: \\d+ mandatory, \\d+ advisory finding\\(s\\)$`));
  });

  it("names the line of the field at fault, and the Helm template of helm template output", async () => {
    const { findings } = await json(["-"], HELM_OUTPUT);
    const exec = findings.find((f) => f.policy === "rbac-no-pod-exec");
    assert.deepEqual(exec?.location, { file: "<stdin>", line: 16, template: "shop/templates/role.yaml" });
    const text = (await check(["-"], HELM_OUTPUT)).stdout;
    assert.ok(text.includes("    <stdin>:16 (# Source: shop/templates/role.yaml)"), text);
    const { findings: breaches } = await json([BREACHES]);
    const runAsUser = breaches.find((f) => f.policy === "workload-sysctl-values");
    assert.equal(runAsUser?.location?.line, lineOf(BREACHES, 'value: "0+kernel.core_pattern'));
  });

  it("reports an unreadable input, checks the others, and exits 2 at the end", async () => {
    const broken = path.join(scratch, "broken.yaml");
    fs.writeFileSync(broken, "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n");
    const r = await check([path.join(scratch, "nope.yaml"), broken, BREACHES]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.yaml: no such file or directory/);
    assert.match(r.stderr, /cannot read .*broken\.yaml: invalid YAML in document 1/);
    assert.match(r.stdout, /certificate-key-strength/, "the readable input is still checked");
    assert.match(r.stdout, /Unreadable inputs \(not checked\):\n {4}.*nope\.yaml: no such file or directory/);
    assert.match(r.stdout, new RegExp(`${BREACH_OBJECTS} resources checked: .*, 2 unreadable input\\(s\\)\n$`));
    const report = await json([path.join(scratch, "nope.yaml"), CLEAN]);
    assert.deepEqual(report.unreadable, [{ file: path.join(scratch, "nope.yaml"), reason: "no such file or directory" }]);
    assert.equal(report.objectCount, 3);
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
    assert.match(r.stdout, /\[advisory\] {2}ecommerce-security v\S+ {2}image-digest-pinned {2}\(Pod shop\/p\)/);
  });

  it("--format json prints findings in the documented shape, with file and line, and what exceptions covered", async () => {
    for (const args of [
      ["--format", "json", BREACHES],
      ["--json", BREACHES],
    ]) {
      const r = await check(args);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(Object.keys(report).sort(), ["excepted", "findings", "objectCount", "stale", "unreadable"]);
      assert.ok(report.findings.length > 10);
      for (const f of report.findings) {
        assert.deepEqual(Object.keys(f).sort(), ["enforcementLevel", "fix", "location", "message", "path", "policy", "resource"]);
        assert.deepEqual(Object.keys(f.resource).sort(), ["apiVersion", "kind", "name", "namespace"]);
        assert.equal(f.location?.file, BREACHES);
      }
      assert.deepEqual(
        report.findings.find((f) => f.policy === "rbac-no-cluster-admin-binding"),
        {
          policy: "rbac-no-cluster-admin-binding",
          enforcementLevel: "mandatory",
          resource: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespace: null, name: "ops-admin" },
          message: "binds the cluster-admin ClusterRole",
          path: "roleRef.name",
          fix: "bind a Role with the verbs and resources the subjects need",
          location: { file: BREACHES, line: lineOf(BREACHES, "name: cluster-admin") },
        },
      );
    }
  });

  it("--format sarif writes a SARIF 2.1.0 log: the rules, one result per finding at its file and line, unreadable inputs as notifications", async () => {
    const missing = path.join(scratch, "missing.yaml");
    const r = await check(["--format", "sarif", missing, BREACHES]);
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ message: { text: string } }> }>;
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
      }>;
    };
    assert.equal(log.version, "2.1.0");
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, "ecommerce-security");
    assert.deepEqual(
      run.tool.driver.rules.map((rule) => rule.id),
      ALL_RULES.map((rule) => rule.name),
    );
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /missing\.yaml: no such file or directory/);
    const key = run.results.find((result) => result.ruleId === "certificate-key-strength");
    assert.equal(key?.level, "error");
    assert.equal(run.tool.driver.rules[key.ruleIndex].id, "certificate-key-strength");
    assert.equal(key.locations[0].physicalLocation?.region.startLine, lineOf(BREACHES, "size: 1024"));
    assert.equal(key.locations[0].physicalLocation?.artifactLocation.uri, path.relative(process.cwd(), BREACHES).split(path.sep).join("/"));
    assert.match(key.message.text, /RSA key of 1024 bits .*Fix: set spec\.privateKey\.size/);
    assert.ok(run.results.some((result) => result.level === "warning"));
  });

  it("--format junit writes one test case per object: mandatory findings fail it, advisory ones are its output, unreadable inputs are errors", async () => {
    const missing = path.join(scratch, "missing.yaml");
    const r = await check(["--format", "junit", missing, BREACHES]);
    assert.equal(r.code, 2);
    const xml = r.stdout;
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
    assert.match(xml, new RegExp(`<testsuites name="policy:check ecommerce-security v\\S+" tests="${BREACH_OBJECTS + 1}" failures="\\d+" errors="1">`));
    assert.equal((xml.match(/<testcase /g) ?? []).length, BREACH_OBJECTS + 1);
    assert.match(
      xml,
      /<testcase classname="[^"]*breaches\.yaml" name="Certificate shop\/web-tls">\n {6}<failure type="mandatory" message="certificate-key-strength">/,
    );
    assert.match(xml, /<testcase classname="[^"]*breaches\.yaml" name="Pod default\/debug">\n {6}<system-out>\[advisory\] workload-no-default-namespace/);
    assert.match(xml, /<error message="no such file or directory"\/>/);
    // Text is escaped: the snippet annotation's braces pass, quotes and ampersands do not break the document.
    assert.ok(!/message="[^"]*"[^ >/]/.test(xml), "attribute values are escaped");
  });

  it("--namespace puts objects that name no namespace there, as kubectl apply --namespace would", async () => {
    const { findings } = await json(["--namespace", "team", "-"], rootPod());
    assert.ok(findings.every((f) => f.policy !== "workload-no-default-namespace"));
    assert.ok(findings.some((f) => f.resource.namespace === "team" && f.policy === "pss-restricted"));
    const declared = await json(["--namespace", "team", "-"], rootPod("other"));
    assert.ok(
      declared.findings.every((f) => f.resource.namespace === "other"),
      "a namespace the object names wins",
    );
    assert.equal((await check(["--namespace", "Not_A_Namespace", CLEAN])).code, 2);
  });

  it("--only runs one group (or several, comma-separated)", async () => {
    const rbac = (await json(["--only", "rbac", BREACHES])).findings;
    // The breach program breaks every rule of every group.
    const ofGroups = (...groups: string[]) =>
      ALL_RULES.filter((rule) => groups.includes(rule.group))
        .map((rule) => rule.name)
        .sort();
    assert.deepEqual([...new Set(rbac.map((f) => f.policy))].sort(), ofGroups("rbac"));
    const two = (await json(["--only", "mesh,network", BREACHES])).findings;
    assert.deepEqual([...new Set(two.map((f) => f.policy))].sort(), ofGroups("mesh", "network"));
  });

  it("--level sets the Pod Security level of objects whose namespace the input does not declare", async () => {
    const restricted = await check(["--only", "pod-security", "-"], rootPod("team"));
    assert.equal(restricted.code, 1);
    assert.match(restricted.stdout, /\[mandatory\] {2}ecommerce-security v\S+ {2}pss-restricted {2}\(Pod team\/root\)\n {4}Pods meet .*\n {4}<stdin>:1\n/);
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

  it("--config applies a policy pack configuration (levels and properties), for any rule whatever --only selects", async () => {
    const config = path.join(scratch, "config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        "rbac-no-cluster-admin-binding": "advisory",
        "rbac-no-wildcards": { exemptRoles: ["too-much", "shop/scaler"] },
        "image-registry-allowed": { allowedRegistries: ["registry.shop.example.com/"] },
      }),
    );
    const r = await json(["--only", "rbac", "--config", config, BREACHES]);
    assert.equal(r.findings.find((f) => f.policy === "rbac-no-cluster-admin-binding")?.enforcementLevel, "advisory");
    assert.equal(
      r.findings.some((f) => f.policy === "rbac-no-wildcards"),
      false,
    );
  });

  it("shows what reviewed exceptions cover, with the reason", async () => {
    const config = path.join(scratch, "exceptions.json");
    const reason = "the operator runs commands in its own pods to rotate their keys";
    fs.writeFileSync(config, JSON.stringify({ "rbac-no-pod-exec": { exceptions: [{ resource: "Role shop/web", reason }] } }));
    const r = await check(["--config", config, "-"], HELM_OUTPUT);
    assert.equal(r.code, 0, r.stdout);
    assert.match(
      r.stdout,
      new RegExp(`\\[excepted\\] {2}rbac-no-pod-exec {2}\\(Role shop/web\\) {2}<stdin>:16 \\(# Source: shop/templates/role\\.yaml\\)\\n.*reason: ${reason}`),
    );
    assert.match(r.stdout, /1 covered by reviewed exceptions or exemptions$/m);
  });

  it("exits 2 on bad usage and on an invalid configuration", async () => {
    assert.equal((await check(["--only", "bogus", CLEAN])).code, 2);
    assert.equal((await check(["--level", "privileged", CLEAN])).code, 2);
    assert.equal((await check(["--format", "yaml", CLEAN])).code, 2);
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
    assert.match(r.stdout, /\[mandatory\] {2}ecommerce-security v\S+ {2}rbac-no-cluster-admin-binding {2}\(ClusterRoleBinding ops-admin\)/);
  });
});
