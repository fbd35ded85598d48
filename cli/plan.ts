/**
 * The offline plan: `npm run plan -- --stack <name> --out <dir>`.
 * Runs the program through the same mock runtime as the tests (no cluster, no cloud, no Pulumi CLI) and writes
 * every Kubernetes object as YAML, `inventory.json` of every resource, `policy-report.json`/`.md` (the policy
 * pack over every resource), and a summary on stdout.
 * Exit 1 on a config error or a mandatory policy finding.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError } from "../core/config/errors";
import { loadCommander, parseArguments, runCommand } from "./args";
import { countByType, objectFilePath } from "./plan-files";
import { inventory, kubernetesObjects } from "../platform/offline/recorded-resource";
import { formatFinding } from "@ecommerce-security/policy-rules";
import { stackPolicyReport } from "../platform/offline/policy-report";
import { networkPlanFiles } from "../platform/offline/network-report";
import { runProgram, type StackRun } from "../platform/offline/mock-runtime";
import { readStackFile, stackNames } from "../platform/offline/stack-file";

/** Write the plan of one run into `out` (which is emptied first). Returns the files written. */
export function writePlan(run: StackRun, out: string): string[] {
  fs.rmSync(out, { recursive: true, force: true });
  const written: string[] = [];
  const write = (rel: string, content: string) => {
    const file = path.join(out, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written.push(rel);
  };
  const objects = kubernetesObjects(run.resources);
  for (const obj of objects) write(objectFilePath(obj), stringify(obj, { lineWidth: 0 }));
  write("inventory.json", `${JSON.stringify(inventory(run.resources), null, 2)}\n`);
  // network/: representative pods, the reachability analysis over the stack's objects plus those pods, and its report.
  for (const file of networkPlanFiles(run.config, objects)) write(file.path, file.content);
  // policy-report.json/.md: every rule of the policy pack over every resource of the stack (Kubernetes, Helm, AWS).
  const report = stackPolicyReport(run.stack, run.resources);
  write("policy-report.json", report.json);
  write("policy-report.md", report.markdown);
  return written;
}

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command()
    .name("plan")
    .description("Render a stack offline: Kubernetes objects as YAML, an inventory of every resource, a summary.")
    .requiredOption("-s, --stack <name>", `stack to render (${stackNames().join(", ")})`)
    .requiredOption("-o, --out <dir>", "output folder (emptied first)");
  const usage = parseArguments(program, args, 1);
  if (usage !== undefined) return usage;
  const { stack, out } = program.opts<{ stack: string; out: string }>();
  if (!stackNames().includes(stack)) {
    console.error(`plan: no stack file Pulumi.${stack}.yaml; stacks: ${stackNames().join(", ")}`);
    return 2;
  }
  let run: StackRun;
  try {
    run = await runProgram(readStackFile(stack));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const files = writePlan(run, out);
  const objectCount = files.filter((f) => f.startsWith("cluster/") || f.startsWith("namespaces/")).length;
  console.log(
    `stack ${stack}: ${run.resources.length} resources, ${objectCount} Kubernetes objects written to ${out} (and inventory.json, network/, policy-report.json/.md)`,
  );
  for (const [type, n] of countByType(run.resources.map((r) => r.type))) console.log(`  ${String(n).padStart(4)}  ${type}`);
  const mandatory = stackPolicyReport(stack, run.resources).findings.filter((f) => f.enforcementLevel === "mandatory");
  if (mandatory.length > 0) {
    console.error(`plan: ${mandatory.length} mandatory policy finding(s) (see ${path.join(out, "policy-report.md")}):`);
    for (const f of mandatory) console.error(`  ${formatFinding(f)}`);
    return 1;
  }
  return 0;
}

// The Pulumi mock runtime keeps handles open: exit once the plan is written.
if (require.main === module) runCommand(main, { exitWhenDone: true });
