// policy:check's JUnit XML output, what CI servers (Jenkins, GitLab, Azure Pipelines) show as test results: one test
// suite per input file, one test case per object checked. A mandatory finding fails its object's case; advisory ones
// are printed in the case's output (they do not fail the build, as policy:check exits 0 for them); excepted findings
// are listed with their reason; an unreadable input is an errored case.
import { describeRef, type Finding } from "@ecommerce-security/policy-rules";
import type { PolicyCheckReport } from "./findings-report";
import { whereText } from "./findings-text";

/** Text made safe for XML content and attribute values (characters XML 1.0 cannot hold are dropped). */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const findingText = (f: Finding) => `[${f.enforcementLevel}] ${f.policy} ${whereText(f)}\n${f.path === "" ? "" : `${f.path}: `}${f.message}\nfix: ${f.fix}`;

/** One test case: an object with its findings, grouped under the file it was read from. */
interface Case {
  file: string;
  name: string;
  findings: Finding[];
  excepted: Array<Finding & { reason: string }>;
}

/** `--format junit`: the JUnit XML report of the check. */
export function junitReport(report: PolicyCheckReport): string {
  // One case per object, in input order; findings name their object by the very same ref.
  const cases = new Map<object, Case>();
  for (const r of report.resources) cases.set(r.ref, { file: r.source?.file ?? "(resources)", name: describeRef(r.ref), findings: [], excepted: [] });
  const caseOf = (f: Finding) => {
    let found = cases.get(f.resource);
    if (found === undefined)
      cases.set(f.resource, (found = { file: f.location?.file ?? "(resources)", name: describeRef(f.resource), findings: [], excepted: [] }));
    return found;
  };
  for (const f of report.findings) caseOf(f).findings.push(f);
  for (const f of report.excepted) caseOf(f).excepted.push(f);
  const byFile = new Map<string, Case[]>();
  for (const c of cases.values()) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const failuresOf = (list: Case[]) => list.filter((c) => c.findings.some((f) => f.enforcementLevel === "mandatory")).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const allCases = [...cases.values()];
  lines.push(
    `<testsuites name="policy:check ${xml(report.pack.name)} v${xml(report.pack.version)}" tests="${allCases.length + report.unreadable.length}" failures="${failuresOf(allCases)}" errors="${report.unreadable.length}">`,
  );
  for (const [file, list] of byFile) {
    lines.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${failuresOf(list)}" errors="0">`);
    for (const c of list) {
      lines.push(`    <testcase classname="${xml(file)}" name="${xml(c.name)}">`);
      const mandatory = c.findings.filter((f) => f.enforcementLevel === "mandatory");
      if (mandatory.length > 0) {
        const message = mandatory.map((f) => f.policy).join(", ");
        lines.push(`      <failure type="mandatory" message="${xml(message)}">${xml(mandatory.map(findingText).join("\n\n"))}</failure>`);
      }
      const notes = [
        ...c.findings.filter((f) => f.enforcementLevel !== "mandatory").map(findingText),
        ...c.excepted.map((f) => `[excepted] ${f.policy} ${whereText(f)}\n${f.message}\nreason: ${f.reason}`),
      ];
      if (notes.length > 0) lines.push(`      <system-out>${xml(notes.join("\n\n"))}</system-out>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  if (report.unreadable.length > 0) {
    lines.push(`  <testsuite name="unreadable inputs" tests="${report.unreadable.length}" failures="0" errors="${report.unreadable.length}">`);
    for (const e of report.unreadable) {
      lines.push(`    <testcase classname="${xml(e.file)}" name="read ${xml(e.file)}">`, `      <error message="${xml(e.reason)}"/>`, "    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
