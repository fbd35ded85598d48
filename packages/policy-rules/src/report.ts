// How findings are shown: one line per finding for people (policy:check), Markdown for the offline plan's
// policy-report.md, and the rule table of docs/policies.md.
import { describeRef } from "./resource";
import { configJsonSchema } from "./config";
import { releaseRenderingJsonSchema } from "./release-rendering";
import type { ExceptedFinding, StaleException } from "./exceptions";
import type { Finding, PolicyRule } from "./types";

/** `Deployment shop/api  pss-restricted (mandatory)  spec...: message; fix: ...`: one line per finding. */
export function formatFinding(f: Finding): string {
  const where = f.path === "" ? "" : ` ${f.path}:`;
  return `${describeRef(f.resource)}  ${f.policy} (${f.enforcementLevel})${where} ${f.message}; fix: ${f.fix}`;
}

/** A summary line: counts per level. */
export function summarize(findings: readonly Finding[], resourceCount: number): string {
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return `${resourceCount} resources checked: ${mandatory} mandatory, ${findings.length - mandatory} advisory finding(s)`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** What a report shows besides the findings that stand. */
export interface ReportExceptions {
  /** Findings reviewed exceptions cover, with their reasons. */
  excepted: readonly ExceptedFinding[];
  /** Exceptions that covered nothing. */
  stale: readonly StaleException[];
}

/**
 * policy-report.md: counts per rule, every reviewed exception used (with its reason) and every stale one, then every
 * finding, mandatory first.
 */
export function markdownReport(
  title: string,
  findings: readonly Finding[],
  rules: readonly PolicyRule[],
  resourceCount: number,
  exceptions: ReportExceptions = { excepted: [], stale: [] },
): string {
  const lines = [`# ${title}`, "", summarize(findings, resourceCount), ""];
  if (exceptions.excepted.length > 0 || exceptions.stale.length > 0) {
    lines.push(`${exceptions.excepted.length} finding(s) covered by reviewed exceptions, ${exceptions.stale.length} stale exception(s).`, "");
  }
  lines.push("| rule | group | level | findings | excepted |", "| --- | --- | --- | --- | --- |");
  for (const rule of rules) {
    const own = findings.filter((f) => f.policy === rule.name);
    const excepted = exceptions.excepted.filter((f) => f.policy === rule.name).length;
    const level = own[0]?.enforcementLevel ?? rule.enforcementLevel;
    lines.push(`| \`${rule.name}\` | ${rule.group} | ${level} | ${own.length} | ${excepted} |`);
  }
  lines.push("");
  if (exceptions.excepted.length > 0) {
    lines.push("## Reviewed exceptions", "", "| rule | resource | path | what it allows | reason |", "| --- | --- | --- | --- | --- |");
    for (const f of exceptions.excepted) {
      lines.push(`| \`${f.policy}\` | ${cell(describeRef(f.resource))} | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.reason)} |`);
    }
    lines.push("");
  }
  if (exceptions.stale.length > 0) {
    lines.push("## Stale exceptions (they cover nothing: remove them)", "", "| rule | resource | reason |", "| --- | --- | --- |");
    for (const e of exceptions.stale) lines.push(`| \`${e.policy}\` | ${cell(e.resource)} | ${cell(e.reason)} |`);
    lines.push("");
  }
  if (findings.length === 0) {
    lines.push("No findings.", "");
    return lines.join("\n");
  }
  lines.push("## Findings", "");
  const ordered = [...findings].sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1));
  lines.push("| level | rule | resource | path | message | fix |", "| --- | --- | --- | --- | --- | --- |");
  for (const f of ordered) {
    lines.push(`| ${f.enforcementLevel} | \`${f.policy}\` | ${cell(describeRef(f.resource))} | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.fix)} |`);
  }
  lines.push("");
  return lines.join("\n");
}

/** What a rule reports on the example set, for the rule reference. */
export interface RuleExample {
  /** Where the example comes from: the file and the object (`packages/.../breaches.yaml, Deployment shop/miner`). */
  where: string;
  /** The object's lines that lead to the field at fault (or the resource, as JSON). */
  snippet: string;
  /** The snippet's language for the code fence (yaml, json). */
  language: string;
  /** The finding. */
  finding: Finding;
}

/** The properties of a rule's configuration with their defaults and descriptions. */
function configurationLines(rule: PolicyRule): string[] {
  const properties = configJsonSchema(rule).properties as Record<string, { default?: unknown; description?: string }>;
  return Object.entries(properties).map(
    ([key, schema]) =>
      `- \`${key}\` (default \`${JSON.stringify(schema.default ?? null)}\`)${schema.description ? `: ${schema.description.replace(/\n/g, " ")}` : ""}`,
  );
}

/** One rule's section of the reference: what it requires, its configuration, and what it reports on the example set. */
function ruleSection(rule: PolicyRule, example: RuleExample | undefined): string[] {
  const lines = [
    `### \`${rule.name}\``,
    "",
    `${rule.group}, ${rule.enforcementLevel}, ${rule.scope} scope. ${rule.description}`,
    "",
    "Configuration:",
    "",
    ...configurationLines(rule),
    "",
  ];
  if (example === undefined) return lines;
  const f = example.finding;
  lines.push(
    `Example (${example.where}):`,
    "",
    `\`\`\`${example.language}`,
    example.snippet,
    "```",
    "",
    `reports ${f.path === "" ? "" : `\`${f.path}\`: `}${f.message}  `,
    `fix: ${f.fix}`,
    "",
  );
  return lines;
}

/** The section of docs/policies.md on the pack's Helm rendering: what it does and the keys of helm-release-rendered. */
function releaseRenderingMarkdown(): string[] {
  const properties = releaseRenderingJsonSchema().properties as Record<string, { default?: unknown; description?: string }>;
  return [
    "## Helm releases rendered by the pack",
    "",
    "A Helm Release hides the objects it installs from CrossGuard. The pack renders each release with helm (policy",
    "`helm-release-rendered`, first in the pack, so the analyzer runs it on a Release before any rule) and every rule",
    "judges the rendered objects beside the stack's own, with its own configuration: a reviewed exception names the",
    "object itself (`ClusterRoleBinding velero-server`), `relaxedNamespaces` and `workloadExemptions` apply to chart pods",
    "as to the program's. A finding is reported against the Release, naming the object `<release>/<kind>/<name>`",
    "(`velero/ClusterRoleBinding/velero-server: binds the cluster-admin ClusterRole ...`). Each release is rendered once",
    "per pack run. helm is `ES_HELM`, else a 3.x `helm` on PATH, else `$ES_CACHE_DIR/bin/helm`",
    "(`~/.cache/ecommerce-security/bin/helm`, what `tools/build-helm.sh` builds).",
    "",
    "Unknown values at preview are never a breach: each unknown is rendered once as a stand-in that turns back into an",
    "unknown wherever it lands in an object, and once as null (a template's `if` takes the other branch); only findings",
    "both renders give are reported. A chart that refuses the stand-ins (a values schema, a `required` value), and a",
    "release whose name, chart, version or values are unknown as a whole, is rendered and judged by `pulumi up` instead,",
    "and `helm-release-not-rendered` (advisory) notes it, as it notes a release `auto` could not render.",
    "",
    "| `helm-release-rendered` key | default | meaning |",
    "| --- | --- | --- |",
    ...Object.entries(properties).map(
      ([key, schema]) =>
        `| \`${key}\` | ${schema.default === undefined ? "none" : `\`${JSON.stringify(schema.default)}\``} | ${cell(schema.description ?? "")} |`,
    ),
    "",
    "The offline plan writes these settings for a stack into `policy-pack-config.json`: `required` with the absolute",
    "`chartsDir` when it rendered the charts (`--render-charts --charts-dir`), `auto` otherwise, and the stack's",
    "`cluster.kubernetesVersion` and `cluster.apiVersions`. A configuration for an offline preview from a local chart",
    "repository:",
    "",
    "```json",
    '{ "helm-release-rendered": { "helmRender": "required", "chartsDir": "/srv/shared/charts", "kubeVersion": "1.34.0" } }',
    "```",
    "",
  ];
}

/** The rule reference of docs/policies.md (generated; a test keeps it up to date), with an example per rule when given. */
export function rulesMarkdown(
  rules: readonly PolicyRule[],
  remediations: ReadonlyArray<{ name: string; description: string }>,
  examples: ReadonlyMap<string, RuleExample> = new Map(),
): string {
  const lines = [
    "# Policy pack rules",
    "",
    "<!-- Generated by `npm run docs:policies` from packages/policy-rules/src/rules.ts; do not edit by hand. -->",
    "",
    "Every rule runs in the CrossGuard pack (`pulumi preview --policy-pack policy`), in `npm run policy:check` and in",
    "the offline plan's `policy-report.json`. Levels are the defaults; each rule's level and properties can be changed",
    "with a policy pack configuration (`--policy-pack-config`, or `policy:check --config`).",
    "",
    'Every rule also takes `exceptions`: reviewed exceptions, each `{ "resource": "<Kind> <namespace>/<name>", "reason": "..." }`',
    "(`<Kind> <name>` when cluster-scoped). A finding an exception covers is reported apart with its reason (policy-report.md,",
    "`policy:check`), never silently; an exception that covers nothing is reported as stale.",
    "",
    "## Pod Security without a namespace switch",
    "",
    "A namespace's `pod-security.kubernetes.io/enforce` label is not a switch. Every pod is judged at restricted (its",
    "namespace's `enforce-version` decides the version), whatever the label says; a namespace labelled below restricted",
    "is accepted only when `relaxedNamespaces` lists it with the lowest level it may carry and a reason, and otherwise",
    "`pss-restricted` reports the namespace itself. Inside a listed namespace a workload is still judged at restricted",
    'except for the controls its own `workloadExemptions` entry names: `{namespace, workload: "<Kind>/<name>", controls,',
    "hostPaths, reason}`, controls by their upstream check IDs (`hostPathVolumes`, `runAsNonRoot`, ...; naming a baseline",
    "control also excuses its restricted twin for the same field), and `hostPathVolumes` only for the host directories",
    "`hostPaths` lists (read-only unless `readOnly: false`). What the namespace's own level denies is never excused (the",
    "cluster would deny it). Each exemption used is reported with its reason, and one that excuses nothing as stale.",
    "This is finer than Pod Security Admission, which only knows namespaces: admission lets everything the namespace's",
    "level admits through, the pack only what each workload was granted. Give `pss-baseline` and `pss-restricted` the",
    "same `relaxedNamespaces` and `workloadExemptions` (`helm-security-values` takes `relaxedNamespaces` too); the",
    "offline plan writes them for a stack in `policy-pack-config.json`.",
    "",
    "```json",
    '{ "pss-restricted": { "relaxedNamespaces": [{ "namespace": "logging", "level": "privileged", "reason": "Fluent Bit reads node logs through hostPath" }],',
    '    "workloadExemptions": [{ "namespace": "logging", "workload": "DaemonSet/fluent-bit", "controls": ["hostPathVolumes", "runAsNonRoot", "runAsUser"],',
    '      "hostPaths": [{ "path": "/var/log" }, { "path": "/var/lib/fluent-bit", "readOnly": false }], "reason": "root reads the 0640 log files it owns" }] } }',
    "```",
    "",
    ...releaseRenderingMarkdown(),
    "## Rules",
    "",
    "| rule | group | level | scope | what it requires | configuration (default) |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const rule of rules) {
    const properties = configJsonSchema(rule).properties as Record<string, { default?: unknown }>;
    const config = Object.entries(properties)
      .map(([key, schema]) => `\`${key}\` (${JSON.stringify(schema.default ?? null)})`)
      .join(", ");
    lines.push(`| \`${rule.name}\` | ${rule.group} | ${rule.enforcementLevel} | ${rule.scope} | ${cell(rule.description)} | ${cell(config || "none")} |`);
  }
  lines.push(
    "",
    "## Rule reference",
    "",
    "Each rule's configuration and what it reports on the example set of the rules package (`packages/policy-rules/examples`).",
    "",
  );
  for (const rule of rules) lines.push(...ruleSection(rule, examples.get(rule.name)));
  lines.push(
    "## Remediations",
    "",
    "Enforcement level `remediate` by default; each takes `exemptNamespaces`.",
    "",
    "| remediation | what it changes |",
    "| --- | --- |",
  );
  for (const r of remediations) lines.push(`| \`${r.name}\` | ${cell(r.description)} |`);
  lines.push("");
  return lines.join("\n");
}
