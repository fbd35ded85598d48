/**
 * The plan's `network/` folder: the representative pods (`workloads.yaml`), the analyzer's connection list over the
 * stack's objects and those pods (`connlist.txt`, the np-guard format) and a readable report (`network.md`: the
 * matrix as a table and a Mermaid flowchart of the allowed flows).
 * `npm run netpol -- --format connlist <plan-dir>` reads the same objects from the plan folder and prints the same
 * list, so the result can be checked with any other NetworkPolicy tool.
 */
import { stringify } from "yaml";
import type { KubeObject } from "@ecommerce-security/manifests";
import { analyze, formatConnlist, formatIPv4, maxIPv4, type AnalysisResult, type ConnectionSet, type Peer } from "@ecommerce-security/netpol";
import type { ZeroTrustInput } from "../../core/zero-trust/input";
import { representativePods } from "../../components/network/representative-workloads";

/** One file of the folder, relative to the plan's root. */
export interface PlanFile {
  path: string;
  content: string;
}

/** The representative pods and the analysis of the stack's objects together with them. */
export function analyzeWithRepresentativePods(
  input: Pick<ZeroTrustInput, "catalog" | "network" | "mesh" | "features">,
  objects: readonly KubeObject[],
): AnalysisResult {
  return analyze([...objects, ...representativePods(input)]);
}

/** The three files of the plan's `network/` folder. */
export function networkPlanFiles(
  input: Pick<ZeroTrustInput, "catalog" | "network" | "mesh" | "features"> & { stack: string },
  objects: readonly KubeObject[],
): PlanFile[] {
  const pods = representativePods(input);
  const result = analyzeWithRepresentativePods(input, objects);
  const header = "# Representative pods of the catalog's services and the platform peers (not deployed): the analysis input.\n";
  return [
    { path: "network/workloads.yaml", content: header + pods.map((p) => stringify(p, { lineWidth: 0 })).join("---\n") },
    { path: "network/connlist.txt", content: formatConnlist(result) },
    { path: "network/network.md", content: networkMarkdown(input.stack, result) },
  ];
}

/** The external addresses one workload reaches (or is reached from) with the same connections. */
interface ExternalFlow {
  workload: Peer;
  /** The addresses, described as CIDRs (`0.0.0.0/0 except ...` when that is shorter). */
  addresses: string;
  conns: ConnectionSet;
}

/** The fewest CIDR blocks covering exactly the addresses first..last. */
export function rangeToCidrs(first: number, last: number): string[] {
  const cidrs: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1;
    // Grow the block while it stays aligned on `start` and inside the range.
    while (start % (size * 2) === 0 && start + size * 2 - 1 <= last && size < 2 ** 32) size *= 2;
    cidrs.push(`${formatIPv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return cidrs;
}

/** Sorted, merged address ranges as text: their CIDRs, or `0.0.0.0/0 except <CIDRs>` when the complement is shorter. */
export function describeAddresses(ranges: ReadonlyArray<{ first: number; last: number }>): string {
  const merged: Array<{ first: number; last: number }> = [];
  for (const r of [...ranges].sort((a, b) => a.first - b.first)) {
    const previous = merged[merged.length - 1];
    if (previous && previous.last + 1 >= r.first) previous.last = Math.max(previous.last, r.last);
    else merged.push({ ...r });
  }
  const cidrs = merged.flatMap((r) => rangeToCidrs(r.first, r.last));
  const gaps: string[] = [];
  let next = 0;
  for (const r of merged) {
    if (r.first > next) gaps.push(...rangeToCidrs(next, r.first - 1));
    next = r.last + 1;
  }
  if (next <= maxIPv4) gaps.push(...rangeToCidrs(next, maxIPv4));
  if (gaps.length === 0) return "0.0.0.0/0";
  return gaps.length < cidrs.length ? `0.0.0.0/0 except ${gaps.join(", ")}` : cidrs.join(", ");
}

/** External flows per workload and direction: the ranges with equal connections gathered into one flow. */
function externalFlows(result: AnalysisResult, direction: "egress" | "ingress"): ExternalFlow[] {
  const groups = new Map<string, { workload: Peer; conns: ConnectionSet; ranges: Array<{ first: number; last: number }> }>();
  for (const c of result.connections) {
    const [workload, external] = direction === "egress" ? [c.src, c.dst] : [c.dst, c.src];
    if (workload.type !== "workload" || external.type !== "external") continue;
    const key = `${workload.id}\u0000${c.conns.toString()}`;
    const group = groups.get(key) ?? { workload, conns: c.conns, ranges: [] };
    group.ranges.push({ first: external.first, last: external.last });
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ workload: g.workload, addresses: describeAddresses(g.ranges), conns: g.conns }));
}

function mermaidId(peer: Peer): string {
  return peer.type === "workload" ? `${peer.namespace}__${peer.name}`.replace(/[^A-Za-z0-9_]/g, "_") : "external";
}

/** `network.md`: the matrix (rows call columns) and a Mermaid flowchart grouped by namespace. */
export function networkMarkdown(stack: string, result: AnalysisResult): string {
  const workloads = [...result.workloads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cell = new Map(result.connections.map((c) => [`${c.src.id}\u0000${c.dst.id}`, c.conns.toString()]));
  const egress = externalFlows(result, "egress");
  const ingress = externalFlows(result, "ingress");
  const externalCell = (flows: ExternalFlow[], id: string, preposition: "to" | "from") =>
    flows
      .filter((f) => f.workload.id === id)
      .map((f) => `${f.conns.toString()} ${preposition} ${f.addresses}`)
      .join("; ");
  const name = (p: Peer) => (p.type === "workload" ? `${p.namespace}/${p.name}` : "external");
  const lines: string[] = [
    `# Allowed network flows: stack ${stack}`,
    "",
    "Computed by the NetworkPolicy analyzer (packages/netpol) over this plan's Namespaces, NetworkPolicies and workloads",
    "plus the representative pods in `workloads.yaml`. `connlist.txt` is the same result in the np-guard connlist format;",
    "`npm run netpol -- --format connlist <plan-dir>` reproduces it from the plan folder.",
    "Pods labelled `incident=isolated` are selected by no allow policy: they have no flow at all.",
    "",
    "## Matrix",
    "",
    "Rows are clients, columns servers; an empty cell means denied. Peers outside the stack's namespaces",
    "(ingress controller, monitoring, kube-dns, istiod) are not isolated by this stack, so they show open flows among themselves.",
    "",
    `| from \\ to | ${workloads.map(name).join(" | ")} | external |`,
    `| --- | ${workloads.map(() => "---").join(" | ")} | --- |`,
    ...workloads.map(
      (src) =>
        `| **${name(src)}** | ${workloads.map((dst) => (src.id === dst.id ? "—" : (cell.get(`${src.id}\u0000${dst.id}`) ?? ""))).join(" | ")} | ${externalCell(egress, src.id, "to")} |`,
    ),
    `| **external** | ${workloads.map((dst) => externalCell(ingress, dst.id, "from")).join(" | ")} | — |`,
    "",
    "## Flows",
    "",
    "```mermaid",
    "flowchart LR",
  ];
  const namespaces = [...new Set(workloads.map((w) => w.namespace))];
  for (const ns of namespaces) {
    lines.push(`  subgraph ns_${ns.replace(/[^A-Za-z0-9_]/g, "_")}["${ns}"]`);
    for (const w of workloads.filter((x) => x.namespace === ns)) lines.push(`    ${mermaidId(w)}["${w.name}"]`);
    lines.push("  end");
  }
  lines.push('  external(("external"))');
  for (const c of result.connections) {
    if (c.src.type === "workload" && c.dst.type === "workload") lines.push(`  ${mermaidId(c.src)} -->|"${c.conns.toString()}"| ${mermaidId(c.dst)}`);
  }
  for (const f of egress) lines.push(`  ${mermaidId(f.workload)} -->|"${f.conns.toString()} to ${f.addresses}"| external`);
  for (const f of ingress) lines.push(`  external -->|"${f.conns.toString()} from ${f.addresses}"| ${mermaidId(f.workload)}`);
  lines.push("```", "");
  return lines.join("\n");
}
