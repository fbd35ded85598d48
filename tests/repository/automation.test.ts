// The repository automation, read from the files themselves: the workflows (parsed YAML), the pull-request comment of
// the offline plan, and Renovate's rules checked against every container image reference in the sources.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { parse } from "yaml";
import { chartPins } from "../../core/charts";
import { readStackFile, realStacks, runStack } from "../harness";
import { repoRoot, stackSecretsProvider } from "../../platform/offline/stack-file";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { imagesOf } from "../../cli/images";
import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, planComment, readStackPlanSummary } from "../../cli/plan-comment";

/* eslint-disable @typescript-eslint/no-explicit-any */
const workflowDir = path.join(repoRoot, ".github", "workflows");
const workflowFiles = () => fs.readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const workflow = (name: string): any => parse(fs.readFileSync(path.join(workflowDir, name), "utf8"));
const runs = (job: any): string => (job.steps as any[]).map((s) => s.run ?? "").join("\n");
const uses = (job: any, action: string): any => (job.steps as any[]).find((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const allUses = (job: any, action: string): any[] => (job.steps as any[]).filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
/** Every step of every job of every workflow, with where it is. */
const everyStep = (): Array<{ file: string; job: string; step: any }> =>
  workflowFiles().flatMap((file) => Object.entries<any>(workflow(file).jobs).flatMap(([job, j]) => (j.steps as any[]).map((step) => ({ file, job, step }))));
const renovate = () => JSON.parse(fs.readFileSync(path.join(repoRoot, "renovate.json"), "utf8"));
const packageJson = () => JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));

describe("repository automation: workflows", () => {
  it("every workflow is valid YAML with triggers and jobs", () => {
    const files = workflowFiles();
    assert.deepEqual(files.sort(), ["ci.yml", "image-scan.yml", "pulumi.yml", "reconcile.yml"]);
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

  it("every setup-node step reads the Node.js version from .nvmrc, and no workflow names a Node version itself", () => {
    const setups = everyStep().filter(({ step }) => typeof step.uses === "string" && step.uses.startsWith("actions/setup-node@"));
    assert.ok(setups.length >= 4, "the workflows set up Node.js");
    for (const { file, job, step } of setups) {
      assert.equal(step.with?.["node-version-file"], ".nvmrc", `${file}: ${job}`);
      assert.equal(step.with?.["node-version"], undefined, `${file}: ${job} names a Node version`);
    }
    for (const file of workflowFiles()) {
      assert.doesNotMatch(fs.readFileSync(path.join(workflowDir, file), "utf8"), /node-version:|node(js)?[ -]?(v)?2[0-9]\b/i, `${file} names a Node version`);
    }
  });

  it("every action is pinned to a release (version tag) or a commit, never a branch", () => {
    for (const { file, job, step } of everyStep().filter(({ step }) => typeof step.uses === "string")) {
      const ref = String(step.uses).split("@")[1] ?? "";
      assert.match(ref, /^([0-9a-f]{40}|v?\d+(\.\d+){0,2})$/, `${file}: ${job}: ${step.uses}`);
    }
  });

  it("ci runs npm test on pull requests and main, and checks the audit policy file", () => {
    const w = workflow("ci.yml");
    assert.ok("pull_request" in w.on);
    assert.deepEqual(w.on.push.branches, ["main"]);
    assert.match(runs(w.jobs.test), /^npm test$/m);
    assert.match(runs(w.jobs.test), /npm run audit:policy -- --check/);
  });

  it("ci plans every stack, with --diff against the base branch's plan on a pull request", () => {
    const { plan } = workflow("ci.yml").jobs;
    assert.deepEqual(plan.env.STACKS.split(" ").sort(), [...realStacks].sort());
    const base = (plan.steps as any[]).find((s) => s.uses?.startsWith("actions/checkout@") && s.with?.ref);
    assert.equal(base.with.ref, "${{ github.event.pull_request.base.sha }}", "the base branch is checked out at the pull request's base");
    assert.equal(base.if, "github.event_name == 'pull_request'");
    assert.match(runs(plan), /npm run plan -- --stack "\$stack" --out "\.\.\/\$stack"/, "the base branch is planned");
    assert.match(runs(plan), /npm run plan -- --stack "\$stack" --out "plan-out\/\$stack" "\$\{diff\[@\]\}"/, "the head is planned with --diff");
    assert.match(runs(plan), /diff=\(--diff "\.plan-base\/\$stack"\)/);
    assert.ok(uses(plan, "actions/upload-artifact"), "the plan folders are kept as an artifact");
  });

  it("ci posts each stack's diff.md and policy findings as one pull-request comment, updated on each push", () => {
    const { plan } = workflow("ci.yml").jobs;
    assert.equal(plan.permissions["pull-requests"], "write");
    const steps = plan.steps as any[];
    const compose = steps.find((s) => String(s.run ?? "").includes("cli/plan-comment.ts"));
    assert.ok(compose, "no step composes the comment");
    assert.match(compose.run, /--plans plan-out .*> plan-out\/comment\.md/);
    const post = uses(plan, "actions/github-script");
    assert.ok(post, "no step posts the comment");
    assert.ok(steps.indexOf(post) > steps.indexOf(compose));
    for (const step of [compose, post]) {
      assert.match(step.if, /!cancelled\(\)/, "the comment is posted also when a plan fails (that is when it matters)");
      assert.match(step.if, /github\.event_name == 'pull_request'/);
      assert.match(step.if, /head\.repo\.full_name == github\.repository/, "a fork's read-only token cannot comment");
    }
    const script = String(post.with.script);
    assert.match(script, /readFileSync\("plan-out\/comment\.md"/);
    assert.match(script, /const marker = body\.split\("\\n", 1\)\[0\]/, "the earlier comment is found by the body's first line");
    assert.match(script, /updateComment/);
    assert.match(script, /createComment/);
  });

  it("pulumi: preview with the policy pack per stack on pull requests, up on main only, the CLI pinned to the SDK's release", () => {
    const w = workflow("pulumi.yml");
    const { preview, up } = w.jobs;
    assert.equal(preview.if, "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository");
    assert.deepEqual([...preview.strategy.matrix.stack].sort(), [...realStacks].sort());
    const p = uses(preview, "pulumi/actions");
    assert.equal(p.with.command, "preview");
    // The stack's plan first (offline, before the cloud identity): its reviewed exceptions and the pack bundled with them.
    const planStep = "npm run plan -- --stack ${{ matrix.stack }} --out plan-${{ matrix.stack }}";
    const packs = { pack: "plan-${{ matrix.stack }}/policy-pack", config: "plan-${{ matrix.stack }}/policy-pack-config.json" };
    const planBefore = (job: any, step: any) => {
      const steps = job.steps as any[];
      const plan = steps.findIndex((s) => s.run === planStep);
      const credentials = steps.findIndex((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
      return plan >= 0 && plan < credentials && credentials < steps.indexOf(step);
    };
    assert.deepEqual({ pack: p.with.policyPacks, config: p.with.policyPackConfigs }, packs);
    assert.ok(planBefore(preview, p), "the preview job writes the stack's plan before its credentials and the preview");
    assert.equal(p.with["stack-name"], "${{ matrix.stack }}");
    assert.equal(up.if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
    assert.deepEqual(up.strategy.matrix.stack, ["staging", "production"], "staging first");
    assert.deepEqual([...up.strategy.matrix.stack].sort(), [...realStacks].sort());
    const u = uses(up, "pulumi/actions");
    assert.equal(u.with.command, "up");
    assert.deepEqual({ pack: u.with.policyPacks, config: u.with.policyPackConfigs }, packs);
    assert.ok(planBefore(up, u), "the up job writes the stack's plan before its credentials and the update");
    assert.equal(up.environment, "${{ matrix.stack }}");
    assert.equal(up.concurrency["cancel-in-progress"], false, "never cancel a running up");
    for (const job of [preview, up]) assert.equal(job.permissions["id-token"], "write", "cloud access through OIDC");
    const sdk = packageJson().dependencies["@pulumi/pulumi"];
    for (const step of [p, u]) assert.equal(String(step.with["pulumi-version"]), sdk, "pulumi-version is the @pulumi/pulumi release of package.json");
  });

  it("pulumi: no credential is set for a whole workflow or job; each secret reaches only the pulumi step of a job in an environment", () => {
    const mentionsSecret = (v: unknown) => /\$\{\{\s*secrets\.(?!GITHUB_TOKEN\b)/.test(JSON.stringify(v ?? {}));
    let checked = 0;
    for (const file of workflowFiles()) {
      const w = workflow(file);
      assert.ok(!mentionsSecret(w.env), `${file}: workflow-level env carries a secret`);
      for (const [id, job] of Object.entries<any>(w.jobs)) {
        assert.ok(!mentionsSecret(job.env), `${file}: ${id}: job-level env carries a secret (npm ci's install scripts would see it)`);
        for (const step of job.steps as any[]) {
          if (!mentionsSecret(step)) continue;
          checked++;
          assert.ok(job.environment, `${file}: ${id}: a secret outside any environment`);
          assert.match(String(step.uses), /^pulumi\/actions@/, `${file}: ${id}: a secret in a step other than pulumi's`);
        }
      }
    }
    // pulumi.yml's preview and up; reconcile.yml's drift check per stack and heal per self-healing stack.
    const reconcileJobs = Object.keys(workflow("reconcile.yml").jobs).filter((j) => /^(drift|heal)-/.test(j));
    assert.equal(checked, 2 + reconcileJobs.length, "the preview, up, drift and heal steps read the environments' secrets");
    for (const file of workflowFiles()) {
      assert.doesNotMatch(fs.readFileSync(path.join(workflowDir, file), "utf8"), /PULUMI_CONFIG_PASSPHRASE/, `${file}: a shared passphrase`);
    }
  });

  it("pulumi: one environment per stack and use: previews read-only in <stack>-preview, ups in <stack>, each with its own Vault token", () => {
    const { preview, up } = workflow("pulumi.yml").jobs;
    const environments = (job: any) => (job.strategy.matrix.stack as string[]).map((stack) => String(job.environment).replace("${{ matrix.stack }}", stack));
    assert.deepEqual(environments(preview), ["staging-preview", "production-preview"]);
    assert.deepEqual(environments(up), ["staging", "production"]);
    const p = uses(preview, "pulumi/actions");
    const u = uses(up, "pulumi/actions");
    assert.equal(p.env.VAULT_TOKEN, "${{ secrets.VAULT_READ_TOKEN }}", "a preview holds the read-only Vault token");
    assert.equal(u.env.VAULT_TOKEN, "${{ secrets.VAULT_DEPLOY_TOKEN }}");
    for (const job of [preview, up]) {
      assert.equal(uses(job, "aws-actions/configure-aws-credentials").with["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}", "the environment's own role");
      const steps = job.steps as any[];
      const install = steps.findIndex((s) => s.run === "npm ci");
      assert.ok(install >= 0 && install < steps.indexOf(uses(job, "aws-actions/configure-aws-credentials")), "npm ci runs before any credential exists");
    }
  });

  it("pulumi: a fork's pull request gets no environment, identity or secret; it plans staging offline with the policy pack", () => {
    const { preview, "fork-plan": fork } = workflow("pulumi.yml").jobs;
    assert.equal(fork.if, "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository");
    assert.match(preview.if, /head\.repo\.full_name == github\.repository$/, "previews (with credentials) only for this repository's branches");
    assert.deepEqual(fork.permissions, { contents: "read" }, "no id-token: no cloud identity");
    assert.equal(fork.environment, undefined);
    assert.doesNotMatch(JSON.stringify(fork), /secrets\.|vars\./);
    assert.match(runs(fork), /^npm run plan -- --stack staging --out /m, "the offline plan runs the policy pack and fails on a mandatory finding");
  });

  it("the real stacks' secrets provider is their own KMS key, in the stack's AWS region; the local e2e stack names none", () => {
    for (const stack of realStacks) {
      const region = (JSON.parse(readStackFile(stack).values["ecommerce-security:secrets"]) as { aws: { region: string } }).aws.region;
      assert.equal(stackSecretsProvider(stack), `awskms://alias/ecommerce-security-${stack}?region=${region}`, stack);
    }
    assert.equal(stackSecretsProvider("e2e"), undefined);
  });

  it("docs/ci.md documents every environment the workflows use, with its protection and the Vault server of its stack", () => {
    const docs = fs.readFileSync(path.join(repoRoot, "docs", "ci.md"), "utf8");
    const rows = new Map([...docs.matchAll(/^\| `([a-z-]+)` \|(.*)$/gm)].map((m) => [m[1], m[2]]));
    for (const stack of realStacks) {
      const vault = (JSON.parse(readStackFile(stack).values["ecommerce-security:secrets"]) as { vault: { address: string } }).vault.address;
      for (const environment of [`${stack}-preview`, stack]) {
        const row = rows.get(environment);
        assert.ok(row, `docs/ci.md: no row for the environment ${environment}`);
        assert.ok(row.includes(vault), `docs/ci.md: ${environment} does not name its Vault server ${vault}`);
        assert.equal(/required reviewers/.test(row), stack === "production", `${environment}: required reviewers`);
        assert.equal(/`main` only/.test(row), environment === stack, `${environment}: deployment branches`);
      }
    }
  });

  it("image scan: every image of the stacks, SARIF to code scanning, and a gate failing on CRITICAL and HIGH", () => {
    const w = workflow("image-scan.yml");
    const { scan } = w.jobs;
    assert.match(runs(w.jobs.images), /cli\/images\.ts --stack staging --stack production/);
    assert.equal(scan.strategy.matrix.image, "${{ fromJSON(needs.images.outputs.images) }}");
    assert.ok(w.on.schedule?.length, "scheduled: new CVEs appear without a change");
    assert.equal(scan.permissions["security-events"], "write");
    const [report, gate] = allUses(scan, "aquasecurity/trivy-action");
    for (const t of [report, gate]) {
      assert.match(t.uses, /@[0-9a-f]{40}$/, "trivy-action by commit: its tags were force-pushed to malware in March 2026");
      assert.equal(t.with["image-ref"], "${{ matrix.image }}");
      assert.equal(t.with.severity, "CRITICAL,HIGH");
    }
    assert.equal(report.with.format, "sarif");
    assert.equal(report.with["limit-severities-for-sarif"], true, "the SARIF holds what the gate judges, not every severity");
    const upload = uses(scan, "github/codeql-action/upload-sarif");
    assert.ok(upload, "the SARIF is uploaded");
    assert.equal(upload.with.sarif_file, report.with.output);
    assert.match(upload.with.category, /\$\{\{ matrix\.image \}\}/, "one category per image, or each upload replaces the last");
    assert.match(upload.if, /!cancelled\(\)/);
    const steps = scan.steps as any[];
    assert.ok(steps.indexOf(report) < steps.indexOf(upload) && steps.indexOf(upload) < steps.indexOf(gate), "report, upload, then the gate");
    assert.equal(gate.with["exit-code"], "1");
    assert.equal(gate.with.format, "table", "the gate's log shows the findings");
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
});

describe("repository automation: the plan's pull-request comment", () => {
  const finding = (level: string, name: string) => ({
    policy: "rbac-no-wildcards",
    enforcementLevel: level,
    resource: { kind: "Role", namespace: "shop", name },
    message: "rules[0] grants * | everything",
    path: "rules[0].verbs",
    fix: "name the verbs",
  });

  it("starts with the marker, then per stack its diff.md and every mandatory finding with the counts", () => {
    const body = planComment(
      [
        {
          stack: "staging",
          planned: true,
          diff: "## Plan diff: stack staging\n\n**1 added**\n",
          findings: [finding("mandatory", "wide"), finding("advisory", "x")],
        },
        { stack: "production", planned: true, findings: [] },
      ],
      { commit: "abc1234" },
    );
    assert.equal(body.split("\n", 1)[0], PLAN_COMMENT_MARKER);
    assert.match(body, /## Plan diff: stack staging\n\n\*\*1 added\*\*/);
    assert.match(body, /\*\*1 mandatory\*\*, 1 advisory finding/);
    assert.match(body, /\| `rbac-no-wildcards` \| Role shop\/wide \| `rules\[0\]\.verbs` \| rules\[0\] grants \* \\\| everything \| name the verbs \|/);
    assert.doesNotMatch(body, /Role shop\/x/, "advisory findings are counted, not listed");
    assert.match(body, /## production\n\nNo plan of the base branch to compare with\./);
    assert.ok(body.indexOf("stack staging") < body.indexOf("## production"), "stacks in the order given");
    assert.match(body, /at abc1234/);
  });

  it("says when a stack has no plan at all (a configuration error stopped it)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-"));
    try {
      const summary = readStackPlanSummary(dir, "staging");
      assert.equal(summary.planned, false);
      assert.match(planComment([summary]), /## staging\n\nNo plan: `npm run plan` stopped before writing it/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fits GitHub's comment limit, cutting the diffs at a line and pointing to the artifact", () => {
    const huge = `## Plan diff: stack staging\n\n${"| `Deployment x` | changed |\n".repeat(6000)}`;
    assert.ok(huge.length > GITHUB_COMMENT_LIMIT);
    const body = planComment([{ stack: "staging", planned: true, diff: huge, findings: [finding("mandatory", "wide")] }]);
    assert.ok(body.length <= GITHUB_COMMENT_LIMIT, `${body.length} characters`);
    assert.match(body, /cut to fit a pull-request comment: the whole diff\.md is in the run's `plan` artifact/);
    assert.match(body, /Role shop\/wide/, "the policy findings survive the cut");
    assert.doesNotMatch(body, /\| `Deployment x` \| chan\n/, "cut at a line end");
  });
});

/** An image reference as Docker parses it (`[registry/]path:tag[@digest]`), tag required. */
const IMAGE_REFERENCE =
  /^(?:[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(?:@sha256:[a-f0-9]{64})?$/;

/** Source files a Renovate custom manager reads: its file patterns, minus the repository's ignorePaths. */
function managedFiles(manager: { managerFilePatterns: string[] }): string[] {
  const patterns = manager.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
  const ignored: string[] = renovate().ignorePaths ?? [];
  const files = (fs.readdirSync(repoRoot, { recursive: true }) as string[]).filter((f) => !f.startsWith("node_modules") && !f.startsWith(".git/"));
  return files.filter((f) => patterns.some((p) => p.test(f)) && !ignored.some((g) => path.matchesGlob(f, g)));
}

/**
 * The image references in a TypeScript source, read by the compiler: string literals shaped like an image with a
 * repository path (`aquasec/trivy:0.67.2`, `docker.io/curlimages/curl:8.16.0`), or any such literal under a key
 * named like an image, and `{ repository, tag }` objects of string literals.
 */
function imageReferencesIn(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(repoRoot, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const literal = (n: ts.Node | undefined) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
  const visit = (node: ts.Node): void => {
    const text = literal(node);
    if (text !== undefined && IMAGE_REFERENCE.test(text)) {
      const key = ts.isPropertyAssignment(node.parent) ? node.parent.name.getText(source) : "";
      if (text.split("@")[0].includes("/") || /image$/i.test(key)) found.push(text);
    }
    if (ts.isObjectLiteralExpression(node)) {
      const value = (name: string) => {
        const p = node.properties.find((x) => ts.isPropertyAssignment(x) && x.name.getText(source) === name);
        return p && ts.isPropertyAssignment(p) ? literal(p.initializer) : undefined;
      };
      const repository = value("repository");
      const tag = value("tag");
      if (repository && tag) found.push(`${repository}:${tag}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What Renovate's image managers find in a file, as `depName:currentValue[@currentDigest]`. */
function renovateImagesIn(file: string, managers: Array<{ matchStrings: string[] }>): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
  return managers.flatMap((m) =>
    m.matchStrings.flatMap((s) =>
      [...text.matchAll(new RegExp(s, "g"))].map(
        (x) => `${x.groups!.depName}:${x.groups!.currentValue}${x.groups!.currentDigest ? `@${x.groups!.currentDigest}` : ""}`,
      ),
    ),
  );
}

describe("repository automation: Renovate", () => {
  const imageManagers = () => renovate().customManagers.filter((m: any) => m.datasourceTemplate === "docker");

  it("pins digests, groups Pulumi and chart updates, and updates .nvmrc and the workflows' Pulumi CLI", () => {
    const r = renovate();
    assert.equal(r.pinDigests, true);
    assert.ok(r.extends.includes("docker:pinDigests") && r.extends.includes("helpers:pinGitHubActionDigests"));
    const pulumi = r.packageRules.find((p: any) => p.groupName === "Pulumi");
    assert.ok(pulumi.matchPackageNames.includes("@pulumi/**") && pulumi.matchPackageNames.includes("pulumi/**"));
    const charts = r.packageRules.find((p: any) => p.groupName === "Helm charts");
    assert.deepEqual(charts.matchDatasources, ["helm"]);
    const cli = r.customManagers.find((m: any) => m.depNameTemplate === "pulumi/pulumi");
    const found = workflowFiles().flatMap((f) => [...fs.readFileSync(path.join(workflowDir, f), "utf8").matchAll(new RegExp(cli.matchStrings[0], "g"))]);
    const pulumiSteps = everyStep().filter(({ step }) => String(step.uses).startsWith("pulumi/actions@")).length;
    assert.ok(pulumiSteps >= 2);
    assert.equal(found.length, pulumiSteps, "every pulumi/actions step");
    assert.ok(found.every((m) => m.groups!.currentValue === packageJson().dependencies["@pulumi/pulumi"]));
    assert.ok(!r.enabledManagers || r.enabledManagers.includes("nvm"), "Renovate's nvm manager updates .nvmrc");
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

  it("the image managers find exactly the image references of the sources, with or without a registry", () => {
    const files = [...new Set(imageManagers().flatMap((m: any) => managedFiles(m)))] as string[];
    assert.ok(files.some((f) => f.startsWith("components/")) && !files.some((f) => f.endsWith(".test.ts")), "the managers read the sources, not the tests");
    for (const file of files) {
      assert.deepEqual(renovateImagesIn(file, imageManagers()).sort(), imageReferencesIn(file).sort(), file);
    }
    const everything = files.flatMap((f) => renovateImagesIn(f, imageManagers()));
    assert.ok(everything.includes("aquasec/trivy:0.67.2"), "an image without a registry (Docker Hub)");
    assert.ok(everything.includes("docker.io/curlimages/curl:8.16.0"), "an image with a registry");
  });

  it("every image the stacks run (what the image scan scans) is one a manager updates", async () => {
    const files = [...new Set(imageManagers().flatMap((m: any) => managedFiles(m)))] as string[];
    const managed = new Set(files.flatMap((f) => renovateImagesIn(f, imageManagers())));
    for (const stack of realStacks) {
      const images = imagesOf(kubernetesObjects((await runStack(stack)).resources));
      assert.ok(images.length > 0);
      assert.deepEqual(
        images.filter((i) => !managed.has(i)),
        [],
        stack,
      );
    }
  });

  it("a reference written as a string literal gets its digest added; one split as { repository, tag } gets tag updates only", () => {
    const [literal, split] = [imageManagers().find((m: any) => m.autoReplaceStringTemplate), imageManagers().find((m: any) => m.depTypeTemplate)];
    assert.equal(literal.autoReplaceStringTemplate, '"{{{depName}}}:{{{newValue}}}{{#if newDigest}}@{{{newDigest}}}{{/if}}"');
    assert.ok(new RegExp(literal.matchStrings[0]).test('"aquasec/trivy:0.67.2@sha256:' + "a".repeat(64) + '"'), "a pinned literal is still found");
    const rule = renovate().packageRules.find((p: any) => p.matchDepTypes?.includes(split.depTypeTemplate));
    assert.equal(rule.pinDigests, false);
  });
});
