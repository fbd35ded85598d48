// policy:check's text output: the block Pulumi prints for a policy violation (`[mandatory]  pack version  rule
// (kind name)`, then where, what the rule requires, what is wrong and how to fix it), then what reviewed exceptions
// and exemptions covered, the stale ones, the inputs that could not be read, and a summary line.
import { describeRef, type Finding, type PolicyRule } from "@ecommerce-security/policy-rules";
import type { PolicyCheckReport } from "./findings-report";

/** `deploy/web.yaml:42 (# Source: shop/templates/deployment.yaml)`, or "" when the finding has no location. */
export function whereText(f: Finding): string {
  if (f.location === undefined) return "";
  return `${f.location.file}:${f.location.line}${f.location.template === undefined ? "" : ` (# Source: ${f.location.template})`}`;
}

const indent = (text: string) => `    ${text}`;

/**
 * The findings of one rule on one object as Pulumi prints a policy violation: `[level]  pack  rule  (kind name)`, the
 * rule's description, then each breach with its file:line, field path, message and fix.
 */
function violationBlock(group: readonly Finding[], rule: PolicyRule | undefined, pack: string): string[] {
  const [first] = group;
  const lines = [indent(`[${first.enforcementLevel}]  ${pack}  ${first.policy}  (${describeRef(first.resource)})`)];
  if (rule !== undefined) lines.push(indent(rule.description));
  for (const f of group) {
    const where = whereText(f);
    if (where !== "") lines.push(indent(where));
    lines.push(indent(`${f.path === "" ? "" : `${f.path}: `}${f.message}`), indent(`fix: ${f.fix}`));
  }
  lines.push("");
  return lines;
}

/** Findings grouped by rule and object, in order of first appearance. */
function byRuleAndObject(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<object, Map<string, Finding[]>>();
  const ordered: Finding[][] = [];
  for (const f of findings) {
    let forObject = groups.get(f.resource);
    if (forObject === undefined) groups.set(f.resource, (forObject = new Map()));
    const group = forObject.get(f.policy);
    if (group === undefined) {
      const created = [f];
      forObject.set(f.policy, created);
      ordered.push(created);
    } else {
      group.push(f);
    }
  }
  return ordered;
}

/** The whole text report. */
export function textReport(report: PolicyCheckReport): string {
  const rules = new Map(report.rules.map((r) => [r.name, r]));
  const pack = `${report.pack.name} v${report.pack.version}`;
  const lines: string[] = [];
  const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory");
  const advisory = report.findings.filter((f) => f.enforcementLevel !== "mandatory");
  if (report.findings.length > 0) {
    lines.push("Policy Violations:");
    for (const group of [...byRuleAndObject(mandatory), ...byRuleAndObject(advisory)]) lines.push(...violationBlock(group, rules.get(group[0].policy), pack));
  }
  if (report.excepted.length > 0) {
    lines.push("Covered by reviewed exceptions and exemptions (not violations):");
    for (const f of report.excepted) {
      const where = whereText(f);
      lines.push(
        indent(`[excepted]  ${f.policy}  (${describeRef(f.resource)})${where === "" ? "" : `  ${where}`}`),
        indent(`${f.message}; reason: ${f.reason}`),
      );
    }
    lines.push("");
  }
  if (report.stale.length > 0) {
    lines.push("Stale exceptions (they cover nothing: remove them):");
    for (const e of report.stale) lines.push(indent(`${e.policy}  ${e.resource}: ${e.reason}`));
    lines.push("");
  }
  if (report.unreadable.length > 0) {
    lines.push("Unreadable inputs (not checked):");
    for (const e of report.unreadable) lines.push(indent(`${e.file}: ${e.reason}`));
    lines.push("");
  }
  lines.push(summaryLine(report));
  return `${lines.join("\n")}\n`;
}

/** `25 resources checked: 3 mandatory, 2 advisory finding(s)` and, when there are any, the excepted, stale and unreadable counts. */
export function summaryLine(report: PolicyCheckReport): string {
  const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
  const parts = [`${report.objectCount} resources checked: ${mandatory} mandatory, ${report.findings.length - mandatory} advisory finding(s)`];
  if (report.excepted.length > 0) parts.push(`${report.excepted.length} covered by reviewed exceptions or exemptions`);
  if (report.stale.length > 0) parts.push(`${report.stale.length} stale exception(s)`);
  if (report.unreadable.length > 0) parts.push(`${report.unreadable.length} unreadable input(s)`);
  return parts.join(", ");
}
