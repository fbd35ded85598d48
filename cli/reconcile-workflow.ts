/**
 * Write (or with --check, verify) .github/workflows/reconcile.yml from the stacks' `reconciliation` settings
 * (components/reconciliation): `npm run workflow:reconcile [-- --check]`. Exit 0 when written or up to date, 1 when
 * --check finds the file stale, 2 on bad usage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stackReconciliations } from "../components/reconciliation/stacks";
import { RECONCILE_WORKFLOW_FILE, reconcileWorkflowFile } from "../components/reconciliation/workflow";
import { projectName, readStackFile, repoRoot, stackNames, stackSecretsProvider } from "../platform/offline/stack-file";
import { loadCommander, parseArguments, runCommand } from "./args";

/** The workflow file this repository's stack files call for. */
export function wantedReconcileWorkflow(root = repoRoot): string {
  const files = stackNames(root).map((stack) => ({ stack, secretsProvider: stackSecretsProvider(stack, root), values: readStackFile(stack, root).values }));
  const sdk = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"];
  return reconcileWorkflowFile(stackReconciliations(files, projectName(root)), sdk);
}

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command()
    .name("workflow:reconcile")
    .description(`Write ${RECONCILE_WORKFLOW_FILE}, the scheduled drift check and self-heal of every deployed stack.`)
    .option("--check", "write nothing; exit 1 when the committed file differs from what would be written");
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const file = path.join(repoRoot, RECONCILE_WORKFLOW_FILE);
  const wanted = wantedReconcileWorkflow();
  if (program.opts<{ check?: boolean }>().check) {
    if ((fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "") !== wanted) {
      console.error(`${RECONCILE_WORKFLOW_FILE} is stale: run npm run workflow:reconcile`);
      return 1;
    }
    console.log(`${RECONCILE_WORKFLOW_FILE} is up to date`);
  } else {
    fs.writeFileSync(file, wanted);
    console.log(`wrote ${RECONCILE_WORKFLOW_FILE}`);
  }
  return 0;
}

if (require.main === module) runCommand(main);
