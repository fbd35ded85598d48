// `npm run plan -- --diff <previous plan>`: a reviewer sees which resources a change adds, changes and removes,
// property by property, on stdout and in diff.md.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { diffMarkdown, diffPlans, type PlanFiles } from "../../cli/plan-diff";
import { repoRoot } from "../../platform/offline/stack-file";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");

/** Runs the plan CLI, optionally on the stack files of another project folder. */
function plan(args: string[], projectDir?: string) {
  const env = projectDir ? { ...process.env, ECOMMERCE_SECURITY_PROJECT_DIR: projectDir } : process.env;
  return spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), ...args], { cwd: repoRoot, encoding: "utf8", env });
}

/** A project folder holding Pulumi.yaml and a copy of one stack file with `config` keys added or replaced. */
function projectCopyWith(dir: string, stack: string, config: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const doc = parse(fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  Object.assign(doc.config, config);
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
  return dir;
}

/** The README's "How to add a service" example: reviews-service, called by api-gateway, calling products-service. */
const reviewsService = {
  "ecommerce-security:services": {
    "reviews-service": {
      namespace: "e-commerce",
      tier: "backend",
      ports: [{ name: "http", port: 9100 }],
      serviceAccount: "reviews-service",
      secrets: ["reviews-service-secrets"],
      configMaps: ["reviews-service-config"],
      dependsOn: [{ service: "products-service", ports: ["http"] }],
    },
    "api-gateway": {
      dependsOn: [
        { service: "auth-service", ports: ["http"] },
        { service: "orders-service", ports: ["http"] },
        { service: "products-service", ports: ["http"] },
        { service: "payments-service", ports: ["http"] },
        { service: "rabbitmq", ports: ["amqp"] },
        { service: "reviews-service", ports: ["http"] },
      ],
    },
  },
};

describe("npm run plan --diff", function () {
  this.timeout(240000);
  let tmp: string;
  let previousPlan: string;
  let newPlan: string;
  let stdout: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
    previousPlan = path.join(tmp, "before");
    newPlan = path.join(tmp, "after");
    const base = plan(["--stack", "staging", "--out", previousPlan]);
    assert.equal(base.status, 0, base.stderr);
    const copy = projectCopyWith(path.join(tmp, "project"), "staging", reviewsService);
    const changed = plan(["--stack", "staging", "--out", newPlan, "--diff", previousPlan], copy);
    assert.equal(changed.status, 0, changed.stderr);
    stdout = changed.stdout;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** The resource lines of one kind (`+`, `~`, `-`) of the printed diff. */
  const listed = (mark: string) =>
    stdout
      .split("\n")
      .filter((l) => l.startsWith(`  ${mark} `))
      .map((l) => l.slice(4))
      .sort();

  it("a service added to a copy of the stack: exactly its new resources are listed as added", () => {
    assert.deepEqual(listed("+"), [
      "AuthorizationPolicy e-commerce/reviews-service",
      "Certificate e-commerce/reviews-service",
      "DestinationRule e-commerce/reviews-service",
      "ExternalSecret e-commerce/reviews-service-secrets",
      "NetworkPolicy e-commerce/reviews-service-egress",
      "NetworkPolicy e-commerce/reviews-service-ingress",
      "Role e-commerce/reviews-service",
      "RoleBinding e-commerce/reviews-service",
      "ServiceAccount e-commerce/reviews-service",
    ]);
  });

  it("and exactly the resources it changes, nothing removed", () => {
    assert.deepEqual(listed("~"), [
      "AuthorizationPolicy e-commerce/products-service",
      "Namespace e-commerce",
      "NetworkPolicy e-commerce/api-gateway-egress",
      "NetworkPolicy e-commerce/products-service-ingress",
      "vault:index/policy:Policy secrets-vault-external-secrets-e-commerce",
    ]);
    assert.deepEqual(listed("-"), []);
    assert.match(stdout, /diff against .*before: 9 added, 5 changed, 0 removed resources/);
  });

  it("names the properties that changed: products-service now admits reviews-service, on its port only", () => {
    const diffMd = fs.readFileSync(path.join(newPlan, "diff.md"), "utf8");
    const section = diffMd.split("<details>").find((s) => s.includes("NetworkPolicy e-commerce/products-service-ingress"));
    assert.ok(section, diffMd);
    assert.match(section, /^\+ spec\.ingress\[1\]: .*"app":"reviews-service".*"port":9000/m);
    const vault = diffMd.split("<details>").find((s) => s.includes("secrets-vault-external-secrets-e-commerce "));
    assert.ok(vault, diffMd);
    assert.match(vault, /^\+ policy-secrets-vault-external-secrets-e-commerce\.hcl: path "secret\/data\/e-commerce\/staging\/reviews-service-secrets" \{$/m);
  });

  it("writes diff.md fit for a pull-request comment, and the summary ends with the policy counts", () => {
    const diffMd = fs.readFileSync(path.join(newPlan, "diff.md"), "utf8");
    assert.match(diffMd, /^## Plan diff: stack staging\n/);
    assert.match(diffMd, /\*\*9 added, 5 changed, 0 removed resources; .*\*\*/);
    assert.match(diffMd, /^\| ServiceAccount e-commerce\/reviews-service \| `namespaces\/e-commerce\/serviceaccount\.core-reviews-service\.yaml` \|$/m);
    assert.match(diffMd, /^### Reports$/m);
    assert.match(diffMd, /\| `network\/connlist\.txt` \| changed, \+\d+ -0 lines \|/);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[lines.length - 1], /^policy: 0 mandatory, \d+ advisory finding\(s\)/);
  });

  it("a plan compared with itself has no change", () => {
    const again = plan(["--stack", "staging", "--out", previousPlan, "--diff", previousPlan]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /: 0 added, 0 changed, 0 removed resources\n/);
    assert.match(fs.readFileSync(path.join(previousPlan, "diff.md"), "utf8"), /^No change\.$/m);
  });

  it("refuses a --diff that is not a folder", () => {
    const r = plan(["--stack", "staging", "--out", path.join(tmp, "x"), "--diff", path.join(tmp, "nowhere")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--diff .*nowhere is not a folder/);
    assert.equal(fs.existsSync(path.join(tmp, "x")), false);
  });
});

describe("plan diff of plan files", () => {
  const files = (entries: Record<string, string>): PlanFiles => new Map(Object.entries(entries));
  const rendered = (replicas: number) =>
    [
      "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: velero, namespace: velero }",
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: velero, namespace: velero }\nspec: { replicas: ${replicas} }`,
    ].join("\n---\n");

  it("treats each object of a multi-document file (a rendered chart under releases/) as a resource", () => {
    const d = diffPlans(files({ "releases/velero/rendered.yaml": rendered(1) }), files({ "releases/velero/rendered.yaml": rendered(2) }));
    assert.deepEqual(
      d.changed.map((c) => [c.label, c.properties]),
      [["Deployment velero/velero (releases/velero/rendered.yaml)", [{ kind: "changed", path: "spec.replicas", before: 1, after: 2 }]]],
    );
  });

  it("compares release.yaml values property by property", () => {
    const release = (tag: string) => `chart: velero\nversion: 12.1.0\nvalues:\n  image:\n    tag: ${tag}\n`;
    const d = diffPlans(files({ "releases/velero/release.yaml": release("v1") }), files({ "releases/velero/release.yaml": release("v2") }));
    assert.deepEqual(
      d.changed.map((c) => [c.label, c.properties]),
      [["Helm release velero", [{ kind: "changed", path: "values.image.tag", before: "v1", after: "v2" }]]],
    );
  });

  it("a Vault policy's HCL belongs to its resource; outputs are compared by name; reports only by file", () => {
    const old = files({
      "cloud/vault/policy-p.json": '{"type":"vault:index/policy:Policy","name":"p","inputs":{"policy":{"file":"policy-p.hcl"}}}',
      "cloud/vault/policy-p.hcl": 'path "a" {}\n',
      "outputs.json": '{"namespaces":["a"]}',
      "network/connlist.txt": "a => b\n",
    });
    const next = new Map(old);
    next.set("cloud/vault/policy-p.hcl", 'path "a" {}\npath "b" {}\n');
    next.set("outputs.json", '{"namespaces":["a","b"]}');
    next.set("network/connlist.txt", "a => b\nb => c\n");
    const d = diffPlans(old, next);
    assert.deepEqual(
      d.changed.map((c) => [c.label, c.texts]),
      [["vault:index/policy:Policy p", [{ file: "policy-p.hcl", added: ['path "b" {}'], removed: [] }]]],
    );
    assert.deepEqual(d.outputs, [{ kind: "added", path: "namespaces[1]", after: "b" }]);
    assert.deepEqual(d.reports, [{ file: "network/connlist.txt", status: "changed", addedLines: 1, removedLines: 0 }]);
    assert.match(diffMarkdown(d, "staging", "old", { mandatory: 0, advisory: 2 }), /Policy findings in this plan: \*\*0 mandatory\*\*, 2 advisory/);
  });
});
