// Continuous reconciliation (issue 18, item 4): the scheduled workflow matches every deployed stack's `reconciliation`
// settings (schedule, stacks, selfHeal), checks drift with refresh, --expect-no-changes and the policy pack in the
// stack's read-only environment, alerts on drift, and heals with `pulumi up` only where the stack asks for it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { wantedReconcileWorkflow } from "../../cli/reconcile-workflow";
import { readStackFile, repoRoot, stackNames, stackSecretsProvider } from "../../platform/offline/stack-file";
import { realStacks } from "../../tests/harness";
import { configErrorWith } from "../../tests/harness/config";
import { reconciliationSchema } from "./schema";
import { stackReconciliations, type StackFileFacts } from "./stacks";
import { RECONCILE_WORKFLOW_FILE, reconcileWorkflow, runsNow } from "./workflow";

/* eslint-disable @typescript-eslint/no-explicit-any */
const committed = (): any => parse(fs.readFileSync(path.join(repoRoot, RECONCILE_WORKFLOW_FILE), "utf8"));
/** A stack file's `reconciliation` section as written (defaults filled by the schema). */
const declared = (stack: string) => {
  const raw = readStackFile(stack).values["ecommerce-security:reconciliation"];
  return reconciliationSchema.parse(raw === undefined ? undefined : JSON.parse(raw));
};
const pulumiStep = (job: any) => (job.steps as any[]).find((s) => String(s.uses).startsWith("pulumi/actions@"));
/**
 * The pack the job's pulumi step runs, and whether the job wrote it first: the stack's offline plan (its reviewed
 * exceptions, without which the pack refuses what the stack deliberately grants), before any cloud credential.
 */
const packOf = (job: any, stack: string) => {
  const steps = job.steps as any[];
  const plan = steps.findIndex((s) => s.run === `npm run plan -- --stack ${stack} --out plan-${stack}`);
  const credentials = steps.findIndex((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
  const step = pulumiStep(job);
  return { pack: step.with.policyPacks, config: step.with.policyPackConfigs, planFirst: plan >= 0 && plan < credentials && credentials < steps.indexOf(step) };
};

describe("continuous reconciliation: the scheduled drift workflow", () => {
  it("the committed workflow is exactly what the stack files call for (npm run workflow:reconcile)", () => {
    assert.equal(fs.readFileSync(path.join(repoRoot, RECONCILE_WORKFLOW_FILE), "utf8"), wantedReconcileWorkflow());
  });

  it("covers exactly the deployed stacks (those with a secrets provider of their own), never the local e2e stack", () => {
    const w = committed();
    const drifted = Object.keys(w.jobs)
      .filter((j) => j.startsWith("drift-"))
      .map((j) => j.slice("drift-".length));
    assert.deepEqual(drifted.sort(), [...realStacks].sort());
    assert.deepEqual(
      stackNames().filter((s) => stackSecretsProvider(s) !== undefined),
      [...realStacks].sort(),
    );
  });

  for (const stack of realStacks) {
    describe(stack, () => {
      it("checks drift on the stack's schedule: preview --refresh --expect-no-changes with the policy pack, in its read-only environment", () => {
        const w = committed();
        const { schedule } = declared(stack);
        assert.ok(
          w.on.schedule.some((s: any) => s.cron === schedule),
          `the workflow is scheduled at ${schedule}`,
        );
        const job = w.jobs[`drift-${stack}`];
        assert.equal(job.if, runsNow(schedule));
        assert.equal(job.environment, `${stack}-preview`, "read-only credentials");
        const step = pulumiStep(job);
        assert.equal(step.id, "preview");
        assert.equal(step["continue-on-error"], true, "a failed check is reported by the alert job, not lost");
        assert.deepEqual(
          {
            command: step.with.command,
            stack: step.with["stack-name"],
            refresh: step.with.refresh,
            expect: step.with["expect-no-changes"],
          },
          { command: "preview", stack, refresh: true, expect: true },
        );
        assert.deepEqual(packOf(job, stack), { pack: `plan-${stack}/policy-pack`, config: `plan-${stack}/policy-pack-config.json`, planFirst: true });
        assert.equal(step.env.VAULT_TOKEN, "${{ secrets.VAULT_READ_TOKEN }}");
        assert.equal(job.outputs.drift, "${{ steps.preview.outcome == 'failure' }}");
      });

      it("alerts on drift with an issue, holding no cloud credential", () => {
        const job = committed().jobs[`alert-${stack}`];
        assert.equal(job.needs, `drift-${stack}`);
        assert.equal(job.if, `needs.drift-${stack}.outputs.drift == 'true'`);
        assert.deepEqual(job.permissions, { issues: "write" });
        assert.equal(job.environment, undefined);
        assert.match(job.steps[0].with.script, /issues\.create\(/);
      });

      it(`heals with pulumi up and the policy pack exactly when the stack sets selfHeal (${stack}: ${declared(stack).selfHeal})`, () => {
        const heal = committed().jobs[`heal-${stack}`];
        assert.equal(!!heal, declared(stack).selfHeal);
        if (!heal) return;
        assert.equal(heal.needs, `drift-${stack}`);
        assert.equal(heal.if, `needs.drift-${stack}.outputs.drift == 'true'`);
        assert.equal(heal.environment, stack, "the deploy environment: main only, production's reviewers");
        assert.equal(heal.concurrency.group, `pulumi-up-${stack}`, "never beside the pulumi workflow's up of the stack");
        const step = pulumiStep(heal);
        assert.deepEqual([step.with.command, step.with["stack-name"], step.with.refresh], ["up", stack, true]);
        assert.deepEqual(packOf(heal, stack), { pack: `plan-${stack}/policy-pack`, config: `plan-${stack}/policy-pack-config.json`, planFirst: true });
        assert.equal(step.env.VAULT_TOKEN, "${{ secrets.VAULT_DEPLOY_TOKEN }}");
      });
    });
  }

  it("staging heals itself (the document's selfHeal); production only alerts, with its reason in the stack file", () => {
    assert.equal(declared("staging").selfHeal, true);
    assert.equal(declared("production").selfHeal, false);
    assert.match(fs.readFileSync(path.join(repoRoot, "Pulumi.production.yaml"), "utf8"), /incident's containment/);
  });

  it("follows the configuration: another schedule, another stack, selfHeal on or off", () => {
    const files: StackFileFacts[] = [
      {
        stack: "qa",
        secretsProvider: "awskms://alias/x",
        values: { "ecommerce-security:reconciliation": JSON.stringify({ schedule: "5 1 * * *", selfHeal: true }) },
      },
      { stack: "local", values: {} },
    ];
    const stacks = stackReconciliations(files, "ecommerce-security");
    assert.deepEqual(stacks, [{ stack: "qa", schedule: "5 1 * * *", selfHeal: true }]);
    const w = reconcileWorkflow(stacks, "3.276.0") as any;
    assert.deepEqual(w.on.schedule, [{ cron: "5 1 * * *" }]);
    assert.deepEqual(Object.keys(w.jobs), ["drift-qa", "alert-qa", "heal-qa"]);
    const off = reconcileWorkflow([{ stack: "qa", schedule: "5 1 * * *", selfHeal: false }], "3.276.0") as any;
    assert.deepEqual(Object.keys(off.jobs), ["drift-qa", "alert-qa"]);
  });

  it("refuses a schedule that is not cron and a selfHeal that is not a boolean, naming the key", () => {
    assert.match(configErrorWith("staging", { reconciliation: { schedule: "every hour" } }).message, /reconciliation\.schedule/);
    assert.match(configErrorWith("staging", { reconciliation: { selfHeal: "yes" } }).message, /reconciliation\.selfHeal/);
  });
});
