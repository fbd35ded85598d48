/**
 * The offline plan: `npm run plan -- --stack <name> --out <dir>`.
 * Runs the program through the same mock runtime as the tests (no cluster, no cloud, no Pulumi CLI) and writes
 * every Kubernetes object as YAML, every other resource with its inputs under `cloud/`, `outputs.json`,
 * `inventory.json` of every resource, `policy-report.json`/`.md` (the policy pack over every resource),
 * `policy-pack-config.json` (the stack's reviewed exceptions) and `policy-pack/` (the pack bundled, for `pulumi preview`
 * and `pulumi up`), and a summary on stdout ending with the policy counts; with `--diff <previous plan>`, what changed
 * (and `diff.md`).
 * Exit 1 on a config error or a mandatory policy finding, 2 on a usage error (such as a foreign output folder).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError } from "../core/config/errors";
import { loadCommander, parseArguments, runCommand } from "./args";
import { buildPolicyPack } from "./pack-policy";
import { countByType, objectFilePath } from "./plan-files";
import { PLAN_PACK_CONFIG, PLAN_POLICY_PACK } from "../core/plan-folder";
import { DIFF_FILE, diffMarkdown, diffPlans, formatDiffText, readPlanFolder, type PlanFiles } from "./plan-diff";
import { claimOutputFolder, outputFolderProblem } from "./plan-output-folder";
import { cloudPlanFiles } from "../platform/offline/cloud-files";
import { stackOutputsJson } from "../platform/offline/stack-outputs";
import { inventory, kubernetesObjects } from "../platform/offline/recorded-resource";
import { formatFinding } from "@ecommerce-security/policy-rules";
import { ChartNotFoundError, HelmNotFoundError, RenderError } from "@ecommerce-security/helm-charts";
import { releasePlanFiles } from "../platform/offline/helm-releases";
import { preparePlan, type PreparedPlan } from "../platform/offline/stack-plan";
import { networkPlanFiles } from "../platform/offline/network-report";
import { runProgram, type StackRun } from "../platform/offline/mock-runtime";
import { readStackFile, stackNames } from "../platform/offline/stack-file";

/**
 * Write the plan of one run into `out`, which must be new, empty or a plan folder (emptied first). Returns the files
 * written. `prepared` carries the releases (rendered with --render-charts) and the policy report.
 */
export function writePlan(run: StackRun, out: string, prepared: PreparedPlan = preparePlan(run)): string[] {
  claimOutputFolder(out);
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
  // cloud/: every resource that is not a Kubernetes object or a Helm release, with its inputs; outputs.json: the stack outputs.
  for (const file of cloudPlanFiles(run.resources)) write(file.path, file.content);
  write("outputs.json", stackOutputsJson(run));
  // releases/<release>/: release.yaml (chart, version, values, options) and, when rendered, rendered.yaml.
  for (const file of releasePlanFiles(prepared.releases, prepared.rendered)) write(file.path, file.content);
  // network/: representative pods, the reachability analysis over the stack's objects (and the charts' rendered
  // objects) plus those pods, and its report.
  for (const file of networkPlanFiles(run.config, [...objects, ...prepared.renderedObjects])) write(file.path, file.content);
  // policy-report.json/.md: every rule of the policy pack over every resource of the stack (Kubernetes, Helm, AWS,
  // rendered chart objects), with the stack's reviewed exceptions; policy-pack-config.json: those exceptions, for
  // `pulumi preview --policy-pack <plan>/policy-pack --policy-pack-config <plan>/policy-pack-config.json`.
  write("policy-report.json", prepared.report.json);
  write("policy-report.md", prepared.report.markdown);
  write(PLAN_PACK_CONFIG, `${JSON.stringify(prepared.packConfig, null, 2)}\n`);
  return written;
}

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command()
    .name("plan")
    .description("Render a stack offline: Kubernetes objects as YAML, an inventory of every resource, a summary.")
    .requiredOption("-s, --stack <name>", `stack to render (${stackNames().join(", ")})`)
    .requiredOption("-o, --out <dir>", "output folder: a new or empty folder, or one an earlier plan wrote (emptied first)")
    .option("-d, --diff <dir>", "an earlier plan folder: print what changed and write <out>/diff.md")
    .option("--render-charts", "render every Helm release with helm template into releases/<release>/rendered.yaml and judge those objects too")
    .option("--charts-dir <dir>", "with --render-charts: a local chart repository or folder of chart packages (else helm pull from each pinned repository)");
  const usage = parseArguments(program, args, 1);
  if (usage !== undefined) return usage;
  const { stack, out, diff, renderCharts, chartsDir } = program.opts<{
    stack: string;
    out: string;
    diff?: string;
    renderCharts?: boolean;
    chartsDir?: string;
  }>();
  if (chartsDir !== undefined && !renderCharts) {
    console.error("plan: --charts-dir is where --render-charts finds charts; add --render-charts");
    return 2;
  }
  if (chartsDir !== undefined && !(fs.existsSync(chartsDir) && fs.statSync(chartsDir).isDirectory())) {
    console.error(
      `plan: --charts-dir ${chartsDir} is not a folder; give a local chart repository (with index.yaml) or a folder of <chart>-<version>.tgz packages`,
    );
    return 2;
  }
  if (!stackNames().includes(stack)) {
    console.error(`plan: no stack file Pulumi.${stack}.yaml; stacks: ${stackNames().join(", ")}`);
    return 2;
  }
  const folderProblem = outputFolderProblem(out);
  if (folderProblem) {
    console.error(`plan: ${folderProblem}`);
    return 2;
  }
  // Read before anything is written: the earlier plan may be the output folder itself.
  let previous: PlanFiles | undefined;
  if (diff !== undefined) {
    if (!fs.existsSync(diff) || !fs.statSync(diff).isDirectory()) {
      console.error(`plan: --diff ${diff} is not a folder; give the folder of an earlier plan`);
      return 2;
    }
    previous = readPlanFolder(diff);
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
  let prepared: PreparedPlan;
  try {
    prepared = preparePlan(run, renderCharts ? { chartsDir } : undefined);
  } catch (e) {
    if (e instanceof HelmNotFoundError || e instanceof ChartNotFoundError || e instanceof RenderError) {
      console.error(`plan: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const files = writePlan(run, out, prepared);
  // The rules that judged this plan, bundled from the same sources at the same moment: the README's preview and up load
  // them from here, JavaScript the engine runs without compiling (the TypeScript sources, `--policy-pack policy`, are
  // type-checked by the SDK whenever they load from a new folder).
  buildPolicyPack(path.join(out, PLAN_POLICY_PACK));
  const objectCount = files.filter((f) => f.startsWith("cluster/") || f.startsWith("namespaces/")).length;
  console.log(
    `stack ${stack}: ${run.resources.length} resources, ${objectCount} Kubernetes objects written to ${out} (and releases/, cloud/, outputs.json, inventory.json, network/, policy-report.json/.md, policy-pack-config.json, policy-pack/)`,
  );
  for (const [type, n] of countByType(run.resources.map((r) => r.type))) console.log(`  ${String(n).padStart(4)}  ${type}`);
  const { findings, excepted, stale } = prepared.report;
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory");
  const policy = { mandatory: mandatory.length, advisory: findings.filter((f) => f.enforcementLevel === "advisory").length };
  if (previous && diff !== undefined) {
    const changes = diffPlans(previous, readPlanFolder(out));
    fs.writeFileSync(path.join(out, DIFF_FILE), diffMarkdown(changes, stack, diff, policy));
    for (const line of formatDiffText(changes, diff)) console.log(line);
  }
  console.log(
    `policy: ${policy.mandatory} mandatory, ${policy.advisory} advisory finding(s), ${excepted.length} covered by reviewed exceptions, ${stale.length} stale exception(s) (${path.join(out, "policy-report.md")})`,
  );
  if (mandatory.length > 0) {
    console.error(`plan: ${mandatory.length} mandatory policy finding(s) (see ${path.join(out, "policy-report.md")}):`);
    // A finding on an object a Helm release renders also names it as the pack does: <release>/<kind>/<name>.
    const rendered = new Map(prepared.report.releaseFindings.map((r) => [r.finding, r.object]));
    for (const f of mandatory) console.error(`  ${formatFinding(f)}${rendered.has(f) ? ` (rendered: ${rendered.get(f)})` : ""}`);
    return 1;
  }
  return 0;
}

// The Pulumi mock runtime keeps handles open: exit once the plan is written.
if (require.main === module) runCommand(main, { exitWhenDone: true });
