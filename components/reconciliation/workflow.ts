/**
 * The scheduled reconciliation workflow (.github/workflows/reconcile.yml), built from each real stack's
 * `reconciliation` settings. Per stack:
 * - `drift-<stack>`, in the stack's read-only `<stack>-preview` environment (docs/ci.md): `pulumi preview --refresh
 *   --expect-no-changes` with the policy pack. Refresh reads the live state, so anything changed outside the program
 *   (a NetworkPolicy deleted, a Role widened, a label removed) shows as a change and fails the step; so does a
 *   mandatory policy finding. The job reports whether it failed as its `drift` output.
 * - `alert-<stack>` on drift: opens (or comments on) one issue per stack, labelled `drift`, with the run's link. It
 *   holds no cloud credential, only the workflow token's `issues: write`.
 * - `heal-<stack>` on drift, only when the stack sets `reconciliation.selfHeal`: `pulumi up --refresh` with the policy
 *   pack in the stack's deploy environment (main only; production's required reviewers still approve), restoring the
 *   declared state and deleting what the program no longer declares, as Argo CD's automated sync with prune and
 *   selfHeal does. The pack runs again, so a heal can never apply what the pack refuses.
 * No credential is set for the workflow or a job: each secret reaches only the pulumi step of a job in an environment.
 */
import { stringify } from "yaml";
import { planFolder, planPolicyPack } from "../../core/plan-folder";
import type { ReconciliationConfig } from "./schema";

/** Path of the generated workflow, relative to the repository root. */
export const RECONCILE_WORKFLOW_FILE = ".github/workflows/reconcile.yml";

/** A stack and its reconciliation settings. */
export interface StackReconciliation extends ReconciliationConfig {
  /** The stack's name. */
  stack: string;
}

/** The GitHub expression of a scheduled run of this stack (or a manual run of all). */
export function runsNow(schedule: string): string {
  return `github.event_name == 'workflow_dispatch' || github.event.schedule == '${schedule}'`;
}

/** Checkout, install, the stack's offline plan (the pack bundled and its configuration), then the cloud identity. */
function setup(stack: string) {
  return [
    { uses: "actions/checkout@v5" },
    { uses: "actions/setup-node@v5", with: { "node-version-file": ".nvmrc", cache: "npm" } },
    { run: "npm ci" },
    // Offline, before any credential: the stack's reviewed exceptions, without which the pack refuses what the stack
    // deliberately grants, and the pack they go with (README, "Deploy a stack").
    { run: `npm run plan -- --stack ${stack} --out ${planFolder(stack)}` },
    // The environment's own role, through GitHub's OIDC token (docs/ci.md): no static key.
    { uses: "aws-actions/configure-aws-credentials@v5", with: { "role-to-assume": "${{ vars.AWS_ROLE_ARN }}", "aws-region": "eu-west-1" } },
  ];
}

/** The alert script: one open issue per stack and drift, a comment on it for each later run that finds drift again. */
function alertScript(stack: string): string {
  return [
    `const title = "Drift: stack ${stack} differs from its declared state";`,
    "const run = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;",
    `const body = \`The scheduled \\\`pulumi preview --refresh --expect-no-changes\\\` with the policy pack of ${stack} failed: the live state differs from the program, or the policy pack refuses it. Details: \${run}\`;`,
    'const { data: open } = await github.rest.issues.listForRepo({ ...context.repo, state: "open", labels: "drift" });',
    "const known = open.find((i) => i.title === title);",
    "if (known) await github.rest.issues.createComment({ ...context.repo, issue_number: known.number, body });",
    'else await github.rest.issues.create({ ...context.repo, title, body, labels: ["drift", "security"] });',
    "",
  ].join("\n");
}

/** The pulumi step of a job: the environment's secrets reach this step only. */
function pulumiStep(command: "preview" | "up", stack: string, pulumiVersion: string, extra: Record<string, unknown>) {
  const { pack, config } = planPolicyPack(planFolder(stack));
  return {
    uses: "pulumi/actions@v6",
    env: {
      PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
      VAULT_TOKEN: command === "preview" ? "${{ secrets.VAULT_READ_TOKEN }}" : "${{ secrets.VAULT_DEPLOY_TOKEN }}",
    },
    with: { command, "stack-name": stack, "pulumi-version": pulumiVersion, policyPacks: pack, policyPackConfigs: config, refresh: true, ...extra },
  };
}

/** The workflow object for the stacks, in their order. */
export function reconcileWorkflow(stacks: readonly StackReconciliation[], pulumiVersion: string) {
  const jobs: Record<string, unknown> = {};
  for (const s of stacks) {
    const drift = `drift-${s.stack}`;
    jobs[drift] = {
      name: `drift ${s.stack}`,
      if: runsNow(s.schedule),
      "runs-on": "ubuntu-24.04",
      "timeout-minutes": 30,
      permissions: { contents: "read", "id-token": "write" },
      environment: `${s.stack}-preview`,
      concurrency: { group: `pulumi-reconcile-${s.stack}`, "cancel-in-progress": false },
      outputs: { drift: "${{ steps.preview.outcome == 'failure' }}" },
      steps: [...setup(s.stack), { id: "preview", "continue-on-error": true, ...pulumiStep("preview", s.stack, pulumiVersion, { "expect-no-changes": true }) }],
    };
    jobs[`alert-${s.stack}`] = {
      name: `alert on drift ${s.stack}`,
      needs: drift,
      if: `needs.${drift}.outputs.drift == 'true'`,
      "runs-on": "ubuntu-24.04",
      "timeout-minutes": 5,
      permissions: { issues: "write" },
      steps: [{ uses: "actions/github-script@v8", with: { script: alertScript(s.stack) } }],
    };
    if (s.selfHeal) {
      jobs[`heal-${s.stack}`] = {
        name: `heal ${s.stack}`,
        needs: drift,
        if: `needs.${drift}.outputs.drift == 'true'`,
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": 60,
        permissions: { contents: "read", "id-token": "write" },
        environment: s.stack,
        // The same group as the pulumi workflow's up: never two updates of a stack at once.
        concurrency: { group: `pulumi-up-${s.stack}`, "cancel-in-progress": false },
        steps: [...setup(s.stack), pulumiStep("up", s.stack, pulumiVersion, {})],
      };
    }
  }
  return {
    name: "reconcile",
    on: { schedule: [...new Set(stacks.map((s) => s.schedule))].map((cron) => ({ cron })), workflow_dispatch: {} },
    permissions: { contents: "read" },
    env: { PULUMI_SKIP_UPDATE_CHECK: "true" },
    jobs,
  };
}

/** The file: a header saying where it comes from, then the workflow. */
export function reconcileWorkflowFile(stacks: readonly StackReconciliation[], pulumiVersion: string): string {
  const header = [
    "# GENERATED by `npm run workflow:reconcile` from each stack's `reconciliation` settings (components/reconciliation);",
    "# edit Pulumi.<stack>.yaml and regenerate, never this file (a test compares them).",
    "# Continuous reconciliation, the product's answer to the architecture document's GitOps section (Argo CD, automated",
    "# prune and selfHeal): per stack, a scheduled `pulumi preview --refresh --expect-no-changes` with the policy pack in",
    "# its read-only environment; on drift an issue, and with reconciliation.selfHeal a `pulumi up --refresh` with the",
    "# pack in its deploy environment. See docs/ci.md#continuous-reconciliation.",
    "",
  ].join("\n");
  return `${header}${stringify(reconcileWorkflow(stacks, pulumiVersion), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
