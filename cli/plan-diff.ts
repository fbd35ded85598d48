/**
 * `npm run plan -- --diff <previous plan folder>`: what changed between two plan folders, resource by resource.
 * Every file of the plan is compared. Files under `cluster/`, `namespaces/`, `cloud/` and `releases/` are resources
 * (a YAML file holding several objects, such as a rendered chart, is one resource per object), compared property by
 * property; a text file beside a resource's file (a Vault policy's `.hcl`) belongs to that resource and is compared
 * line by line. `outputs.json` is compared output by output. The other files are reports derived from the resources
 * (inventory, policy report, network analysis), listed when they changed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { diffLines } from "diff";
import microdiff from "microdiff";
import { parseAllDocuments } from "yaml";
import { PLAN_POLICY_PACK } from "../core/plan-folder";
import { PLAN_MARKER } from "./plan-output-folder";

/** The file the diff is written to in the new plan folder. */
export const DIFF_FILE = "diff.md";

/** Folders whose files are resources. */
const resourceFolders = ["cluster/", "namespaces/", "cloud/", "releases/"];
const outputsFile = "outputs.json";

/** A plan folder in memory: relative path (with `/`) to content. The marker and the diff itself are not part of a plan. */
export type PlanFiles = Map<string, string>;

/** Reads every file of a plan folder but its bundled policy pack. */
export function readPlanFolder(dir: string): PlanFiles {
  const files: PlanFiles = new Map();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // The bundled pack is code, not the stack: a plan's diff is about what gets deployed.
        if (relPath !== PLAN_POLICY_PACK) walk(relPath);
      } else if (entry.isFile() && relPath !== PLAN_MARKER && relPath !== DIFF_FILE) files.set(relPath, fs.readFileSync(path.join(dir, relPath), "utf8"));
    }
  };
  walk("");
  return files;
}

/** One resource of a plan: its parsed content and the text files that belong to it. */
interface PlanEntry {
  /** What identifies it across plans: its file, and the object inside a file that holds several. */
  key: string;
  /** How a reviewer names it: `NetworkPolicy ecommerce/orders-service-ingress`, `aws:iam/role:Role backup-velero-role`. */
  label: string;
  file: string;
  value: unknown;
  /** Companion text files by file name (`policy-x.hcl`). */
  texts: Map<string, string>;
}

/** One property that differs. */
export interface PropertyChange {
  kind: "added" | "removed" | "changed";
  /** `spec.ingress[0].from[2]`, `metadata.labels["app.kubernetes.io/name"]`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Lines added and removed in a text file of a resource. */
export interface TextChange {
  file: string;
  added: string[];
  removed: string[];
}

/** A resource present in only one of the plans. */
export interface ResourceRef {
  label: string;
  file: string;
}

/** A resource present in both plans with a different content. */
export interface ResourceChange extends ResourceRef {
  properties: PropertyChange[];
  texts: TextChange[];
}

/** A report file that differs. */
export interface ReportChange {
  file: string;
  status: "added" | "removed" | "changed";
  addedLines: number;
  removedLines: number;
}

/** The difference between two plans. */
export interface PlanDiff {
  added: ResourceRef[];
  changed: ResourceChange[];
  removed: ResourceRef[];
  /** Stack outputs that differ, by output name. */
  outputs: PropertyChange[];
  reports: ReportChange[];
}

/** Compares two plans. */
export function diffPlans(before: PlanFiles, after: PlanFiles): PlanDiff {
  const old = planEntries(before);
  const next = planEntries(after);
  const ref = (e: PlanEntry): ResourceRef => ({ label: e.label, file: e.file });
  const added = [...next.values()].filter((e) => !old.has(e.key)).map(ref);
  const removed = [...old.values()].filter((e) => !next.has(e.key)).map(ref);
  const changed: ResourceChange[] = [];
  for (const e of next.values()) {
    const o = old.get(e.key);
    if (!o) continue;
    const properties = propertyChanges(o.value, e.value);
    const texts = textChanges(o.texts, e.texts);
    if (properties.length > 0 || texts.length > 0) changed.push({ ...ref(e), properties, texts });
  }
  const outputs = propertyChanges(parseJson(before.get(outputsFile)) ?? {}, parseJson(after.get(outputsFile)) ?? {});
  const reports: ReportChange[] = [];
  const reportFiles = [...new Set([...before.keys(), ...after.keys()])].filter((f) => f !== outputsFile && !isResourceFile(f)).sort();
  for (const file of reportFiles) {
    const a = before.get(file);
    const b = after.get(file);
    if (a === b) continue;
    const lines = diffLines(a ?? "", b ?? "");
    reports.push({
      file,
      status: a === undefined ? "added" : b === undefined ? "removed" : "changed",
      addedLines: lines.filter((l) => l.added).reduce((n, l) => n + (l.count ?? 0), 0),
      removedLines: lines.filter((l) => l.removed).reduce((n, l) => n + (l.count ?? 0), 0),
    });
  }
  return { added, changed, removed, outputs, reports };
}

function isResourceFile(file: string): boolean {
  return resourceFolders.some((f) => file.startsWith(f));
}

/** The resources of a plan by key. */
function planEntries(files: PlanFiles): Map<string, PlanEntry> {
  const entries = new Map<string, PlanEntry>();
  const texts: Array<[string, string]> = [];
  for (const [file, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isResourceFile(file)) continue;
    if (file.endsWith(".json"))
      entries.set(file, { key: file, file, label: labelOf(parseJson(content), file), value: parseJson(content) ?? content, texts: new Map() });
    else if (/\.ya?ml$/.test(file)) for (const e of yamlEntries(file, content)) entries.set(e.key, e);
    else texts.push([file, content]);
  }
  // A text file belongs to the resource whose file has the same name up to the extension.
  const byStem = new Map([...entries.values()].map((e) => [stem(e.file), e]));
  for (const [file, content] of texts) {
    const owner = byStem.get(stem(file));
    const name = path.posix.basename(file);
    if (owner) owner.texts.set(name, content);
    else entries.set(file, { key: file, file, label: file, value: undefined, texts: new Map([[name, content]]) });
  }
  return entries;
}

function stem(file: string): string {
  return file.replace(/\.[^./]+$/, "");
}

/** A YAML file as resources: itself when it holds one document, else one per object, identified by kind, namespace and name. */
function yamlEntries(file: string, content: string): PlanEntry[] {
  const docs = parseAllDocuments(content)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
  if (docs.length <= 1) return [{ key: file, file, label: labelOf(docs[0], file), value: docs[0], texts: new Map() }];
  return docs.map((doc, i) => {
    const id = objectIdentity(doc);
    return { key: `${file}#${id ?? i}`, file, label: id ? `${labelOf(doc, file)} (${file})` : `${file} [${i}]`, value: doc, texts: new Map() };
  });
}

function objectIdentity(doc: unknown): string | undefined {
  const o = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  if (typeof o?.kind !== "string" || typeof o.metadata?.name !== "string") return undefined;
  return `${o.kind}/${typeof o.metadata.namespace === "string" ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

/** A Kubernetes object by kind and namespace/name, a cloud resource by type and name, a Helm release by its name, anything else by its file. */
function labelOf(doc: unknown, file: string): string {
  const o = doc as { kind?: unknown; type?: unknown; name?: unknown; chart?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  if (typeof o?.chart === "string" && file.startsWith("releases/")) return `Helm release ${file.split("/")[1]}`;
  if (typeof o?.kind === "string" && typeof o.metadata?.name === "string") {
    return `${o.kind} ${typeof o.metadata.namespace === "string" ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
  }
  if (typeof o?.type === "string" && typeof o.name === "string") return `${o.type} ${o.name}`;
  return stem(file);
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The properties that differ between two parsed documents. */
function propertyChanges(before: unknown, after: unknown): PropertyChange[] {
  if (isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after)) {
    return microdiff(before, after).map((d) => {
      const p = formatPropertyPath(d.path);
      if (d.type === "CREATE") return { kind: "added", path: p, after: d.value as unknown };
      if (d.type === "REMOVE") return { kind: "removed", path: p, before: d.oldValue as unknown };
      return { kind: "changed", path: p, before: d.oldValue as unknown, after: d.value as unknown };
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ kind: "changed", path: "", before, after }];
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return v !== null && typeof v === "object";
}

/** `a.b[0]["app.kubernetes.io/name"]`: dotted where a key is a plain name, bracketed otherwise. */
export function formatPropertyPath(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((acc, s) => {
    if (typeof s === "number") return `${acc}[${s}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(s)) return acc ? `${acc}.${s}` : s;
    return `${acc}[${JSON.stringify(s)}]`;
  }, "");
}

function textChanges(before: Map<string, string>, after: Map<string, string>): TextChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((file) => {
    const a = before.get(file) ?? "";
    const b = after.get(file) ?? "";
    if (a === b) return [];
    const parts = diffLines(a, b);
    const lines = (kind: "added" | "removed") => parts.filter((p) => p[kind]).flatMap((p) => p.value.replace(/\n$/, "").split("\n"));
    return [{ file, added: lines("added"), removed: lines("removed") }];
  });
}

/** Policy findings of the new plan, for the last line of the summary. */
export interface PolicyCounts {
  mandatory: number;
  advisory: number;
}

/** `12 added, 3 changed, 0 removed resources` and the outputs and reports that changed. */
function headline(d: PlanDiff): string {
  const extra = [
    d.outputs.length > 0 ? `${d.outputs.length} output change(s)` : "",
    d.reports.length > 0 ? `${d.reports.length} report file(s) changed` : "",
  ].filter(Boolean);
  return `${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed resources${extra.length ? `; ${extra.join(", ")}` : ""}`;
}

/** A value as one line of JSON, cut at `width` characters. */
function show(value: unknown, width: number): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > width ? `${json.slice(0, width - 3)}...` : json;
}

/** One change as diff lines: `+ path: value`, `- path: value`. */
function propertyLines(c: PropertyChange, width: number): string[] {
  const at = c.path || "(whole value)";
  if (c.kind === "added") return [`+ ${at}: ${show(c.after, width)}`];
  if (c.kind === "removed") return [`- ${at}: ${show(c.before, width)}`];
  return [`- ${at}: ${show(c.before, width)}`, `+ ${at}: ${show(c.after, width)}`];
}

/** Values are cut shorter on the terminal than in diff.md. */
const terminalWidth = 160;
const markdownWidth = 2000;

function changeLines(c: ResourceChange, width: number): string[] {
  return [
    ...c.properties.flatMap((p) => propertyLines(p, width)),
    ...c.texts.flatMap((t) => [...t.removed.map((l) => `- ${t.file}: ${l}`), ...t.added.map((l) => `+ ${t.file}: ${l}`)]),
  ];
}

/** The diff as the plan prints it: every resource, at most `maxLines` property lines each (diff.md has them all). */
export function formatDiffText(d: PlanDiff, previous: string, maxLines = 12): string[] {
  const lines = [`diff against ${previous}: ${headline(d)}`];
  for (const a of d.added) lines.push(`  + ${a.label}`);
  for (const c of d.changed) {
    lines.push(`  ~ ${c.label}`);
    const detail = changeLines(c, terminalWidth);
    for (const l of detail.slice(0, maxLines)) lines.push(`      ${l}`);
    if (detail.length > maxLines) lines.push(`      ... ${detail.length - maxLines} more line(s) in ${DIFF_FILE}`);
  }
  for (const r of d.removed) lines.push(`  - ${r.label}`);
  if (d.outputs.length > 0) lines.push("  outputs:", ...d.outputs.flatMap((p) => propertyLines(p, terminalWidth)).map((l) => `      ${l}`));
  if (d.reports.length > 0) lines.push(`  reports: ${d.reports.map((r) => `${r.file} (${r.status}, +${r.addedLines} -${r.removedLines} lines)`).join(", ")}`);
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The diff as Markdown for a pull-request comment: counts, then each added, changed and removed resource. */
export function diffMarkdown(d: PlanDiff, stack: string, previous: string, policy?: PolicyCounts): string {
  const out = [`## Plan diff: stack ${stack}`, "", `Against \`${previous}\`: **${headline(d)}**.`, ""];
  if (policy) out.push(`Policy findings in this plan: **${policy.mandatory} mandatory**, ${policy.advisory} advisory (policy-report.md).`, "");
  const table = (title: string, refs: ResourceRef[]) => {
    if (refs.length === 0) return;
    out.push(`### ${title} (${refs.length})`, "", "| resource | file |", "| --- | --- |", ...refs.map((r) => `| ${cell(r.label)} | \`${cell(r.file)}\` |`), "");
  };
  table("Added", d.added);
  if (d.changed.length > 0) {
    out.push(`### Changed (${d.changed.length})`, "");
    for (const c of d.changed) {
      out.push(
        `<details><summary>${escapeHtml(c.label)} (<code>${escapeHtml(c.file)}</code>)</summary>`,
        "",
        "```diff",
        ...changeLines(c, markdownWidth),
        "```",
        "</details>",
        "",
      );
    }
  }
  table("Removed", d.removed);
  if (d.outputs.length > 0) out.push("### Stack outputs", "", "```diff", ...d.outputs.flatMap((p) => propertyLines(p, markdownWidth)), "```", "");
  if (d.reports.length > 0) {
    out.push(
      "### Reports",
      "",
      "| file | change |",
      "| --- | --- |",
      ...d.reports.map((r) => `| \`${r.file}\` | ${r.status}, +${r.addedLines} -${r.removedLines} lines |`),
      "",
    );
  }
  if (d.added.length + d.changed.length + d.removed.length + d.outputs.length + d.reports.length === 0) out.push("No change.", "");
  return `${out.join("\n").trimEnd()}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
