/**
 * The pull-request comment of the offline plan (.github/workflows/ci.yml): for each stack, its diff.md against the
 * base branch's plan (`npm run plan -- --diff`) and its policy findings, in one Markdown body within GitHub's size limit:
 *   npx tsx cli/plan-comment.ts --plans plan-out --stack staging --stack production [--commit <sha>] > comment.md
 * A stack whose plan folder is missing (the plan stopped on a configuration error) is reported as such.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadCommander, parseArguments, runCommand } from "./args";
import { DIFF_FILE } from "./plan-diff";

/** The first line of the comment: the workflow finds its earlier comment by it and updates that one. */
export const PLAN_COMMENT_MARKER = "<!-- ecommerce-security:offline-plan -->";
/** The longest comment body GitHub accepts, in characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** One finding of policy-report.json, the fields the comment shows. */
export interface PlanFinding {
  policy: string;
  enforcementLevel: string;
  resource: { kind: string; namespace?: string; name: string };
  message: string;
  path?: string;
  fix?: string;
}

/** What the comment shows of one stack's plan folder. */
export interface StackPlanSummary {
  stack: string;
  /** False when the plan wrote no folder (a configuration error stopped it). */
  planned: boolean;
  /** The plan's diff.md; undefined when there was no base plan to compare with. */
  diff?: string;
  findings: PlanFinding[];
}

/** Read one stack's plan folder (`<plans>/<stack>`). */
export function readStackPlanSummary(plans: string, stack: string): StackPlanSummary {
  const dir = path.join(plans, stack);
  const report = path.join(dir, "policy-report.json");
  if (!fs.existsSync(report)) return { stack, planned: false, findings: [] };
  const diffFile = path.join(dir, DIFF_FILE);
  return {
    stack,
    planned: true,
    diff: fs.existsSync(diffFile) ? fs.readFileSync(diffFile, "utf8") : undefined,
    findings: (JSON.parse(fs.readFileSync(report, "utf8")) as { findings: PlanFinding[] }).findings,
  };
}

const cell = (text: string | undefined) => (text ?? "").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const resourceLabel = (r: PlanFinding["resource"]) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;

/** The policy part of a stack: the counts, and every mandatory finding (they fail the plan and the deploy). */
function policySection(findings: PlanFinding[]): string[] {
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory");
  const advisory = findings.length - mandatory.length;
  const lines = ["### Policy", "", `**${mandatory.length} mandatory**, ${advisory} advisory finding(s) (policy-report.md in the artifact).`, ""];
  if (mandatory.length > 0) {
    lines.push("| rule | resource | path | message | fix |", "| --- | --- | --- | --- | --- |");
    for (const f of mandatory)
      lines.push(`| \`${f.policy}\` | ${cell(resourceLabel(f.resource))} | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.fix)} |`);
    lines.push("");
  }
  return lines;
}

/** Cut `text` to at most `max` characters at a line end, saying where the rest is. */
function truncated(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n… cut to fit a pull-request comment: the whole diff.md is in the run's `plan` artifact.\n";
  const kept = text.slice(0, Math.max(0, max - note.length));
  return `${kept.slice(0, Math.max(0, kept.lastIndexOf("\n")))}${note}`;
}

/** The comment body: the marker, a header, then per stack its diff (or why there is none) and its policy part. */
export function planComment(stacks: StackPlanSummary[], options: { commit?: string; limit?: number } = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const header = [
    PLAN_COMMENT_MARKER,
    "# Offline plan",
    "",
    `What \`pulumi up\` would do${options.commit ? ` at ${options.commit}` : ""}, per stack, against the base branch's plan (\`npm run plan\`: Pulumi mocks, no cloud, no cluster).`,
    "",
    "",
  ].join("\n");
  const parts = stacks.map((s) => {
    if (!s.planned) return { diff: "", rest: [`## ${s.stack}`, "", "No plan: `npm run plan` stopped before writing it (see the job log).", ""].join("\n") };
    const diff = s.diff ?? [`## ${s.stack}`, "", "No plan of the base branch to compare with.", ""].join("\n");
    return { diff: diff.endsWith("\n") ? diff : `${diff}\n`, rest: ["", ...policySection(s.findings)].join("\n") };
  });
  const fixed = header.length + parts.reduce((n, p) => n + p.rest.length, 0);
  const budget = Math.floor((limit - fixed) / Math.max(1, parts.length));
  const body = header + parts.map((p) => truncated(p.diff, budget) + p.rest).join("\n");
  return body.length <= limit ? body : truncated(body, limit);
}

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command()
    .name("plan-comment")
    .requiredOption("-p, --plans <dir>", "folder holding one plan folder per stack")
    .requiredOption("-s, --stack <name...>", "stacks, in the order the comment shows them")
    .option("-c, --commit <sha>", "the commit the plans are of");
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const { plans, stack, commit } = program.opts<{ plans: string; stack: string[]; commit?: string }>();
  process.stdout.write(
    planComment(
      stack.map((s) => readStackPlanSummary(plans, s)),
      { commit },
    ),
  );
  return 0;
}

if (require.main === module) runCommand(main);
