// policy:check's SARIF 2.1.0 output, what code-scanning services (GitHub, GitLab, Azure DevOps) read: one run of the
// pack, its rules with their descriptions and default levels, one result per finding at its file and line (mandatory
// as error, advisory as warning), excepted findings as suppressed results with their reason, and each unreadable
// input as a tool notification (the run is then not successful).
import * as path from "node:path";
import { describeRef, type Finding } from "@ecommerce-security/policy-rules";
import type { PolicyCheckReport } from "./findings-report";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A file as a SARIF artifact URI: relative to the working directory, forward slashes, percent-encoded. */
function artifactUri(file: string, cwd: string): string {
  const relative = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return relative.split(path.sep).map(encodeURIComponent).join("/");
}

const levelOf = (f: Finding) => (f.enforcementLevel === "mandatory" ? "error" : "warning");

/** The locations of a finding: its file and line (none for standard input), and the Kubernetes object it is about. */
function locations(f: Finding, cwd: string) {
  const logical = [{ fullyQualifiedName: `${describeRef(f.resource)}${f.path === "" ? "" : `#${f.path}`}`, kind: "resource" }];
  if (f.location === undefined || f.location.file === "<stdin>") return [{ logicalLocations: logical }];
  return [
    {
      physicalLocation: { artifactLocation: { uri: artifactUri(f.location.file, cwd) }, region: { startLine: f.location.line } },
      logicalLocations: logical,
      ...(f.location.template === undefined ? {} : { message: { text: `rendered from ${f.location.template}` } }),
    },
  ];
}

/** `--format sarif`: the SARIF 2.1.0 log of the check. */
export function sarifReport(report: PolicyCheckReport, cwd = process.cwd()): string {
  const index = new Map(report.rules.map((r, i) => [r.name, i]));
  const result = (f: Finding) => ({
    ruleId: f.policy,
    ruleIndex: index.get(f.policy),
    level: levelOf(f),
    message: { text: `${f.message}${f.path === "" ? "" : ` (at ${f.path})`}. Fix: ${f.fix}` },
    locations: locations(f, cwd),
    properties: { resource: f.resource, path: f.path, fix: f.fix },
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.pack.name,
            version: report.pack.version,
            rules: report.rules.map((r) => ({
              id: r.name,
              name: r.name,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: r.enforcementLevel === "mandatory" ? "error" : "warning" },
              properties: { group: r.group, enforcementLevel: r.enforcementLevel },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.unreadable.length === 0,
            toolExecutionNotifications: report.unreadable.map((e) => ({
              level: "error",
              message: { text: `cannot read ${e.file}: ${e.reason}` },
              ...(e.file === "<stdin>" ? {} : { locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(e.file, cwd) } } }] }),
            })),
          },
        ],
        results: [
          ...report.findings.map(result),
          ...report.excepted.map((f) => ({ ...result(f), suppressions: [{ kind: "external", status: "accepted", justification: f.reason }] })),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
