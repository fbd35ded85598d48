/**
 * What the analyzer must show of a stack's external egress (issue 15, item 6): no pod reaches the link-local block
 * (the cloud metadata endpoint 169.254.169.254) or loopback, and a private address only inside a destination the
 * stack declares (the API server, the VPC endpoints, Vault's ranges), on that destination's ports.
 */
import { strict as assert } from "node:assert";
import { ConnectionSet, parseCidr, type Connection } from "@ecommerce-security/netpol";
import type { StackRun } from ".";
import { apiServerOf } from "./operator-network";

/** Private (RFC 1918), shared (RFC 6598), link-local and loopback: never reachable unless declared. */
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"];
/** Never reachable at all: the link-local block (the metadata endpoint 169.254.169.254) and loopback. */
const NEVER = ["169.254.0.0/16", "127.0.0.0/8"];

/** An address range as the analyzer's external peers carry it. */
export interface Range {
  first: number;
  last: number;
}

/** The range of a CIDR. */
export function range(cidr: string): Range {
  const r = parseCidr(cidr);
  assert.ok(r.ok, cidr);
  return { first: r.first, last: r.last };
}

/** Whether two ranges share an address. */
export const overlaps = (a: Range, b: Range) => a.first <= b.last && b.first <= a.last;
/** Whether `a` lies inside `b`. */
export const inside = (a: Range, b: Range) => a.first >= b.first && a.last <= b.last;

/** A private destination the stack declares: its ranges and the connections allowed there. */
export interface DeclaredDestination {
  name: string;
  ranges: Range[];
  conns: ConnectionSet;
}

/** The private destinations a stack declares: `network.apiServer`, `network.vpcEndpoints`, `secrets.vault.cidrs`. */
export function declaredDestinations(run: StackRun): DeclaredDestination[] {
  const apiServer = apiServerOf(run);
  const declared: DeclaredDestination[] = [
    { name: "network.apiServer", ranges: apiServer.cidrs.map(range), conns: ConnectionSet.of({ TCP: apiServer.ports }) },
  ];
  if (run.config.network.vpcEndpoints.length > 0)
    declared.push({ name: "network.vpcEndpoints", ranges: run.config.network.vpcEndpoints.map(range), conns: ConnectionSet.of({ TCP: [443] }) });
  const vault = run.config.secrets.vault;
  if (vault?.cidrs)
    declared.push({
      name: "secrets.vault.cidrs",
      ranges: vault.cidrs.map(range),
      conns: ConnectionSet.of({ TCP: [Number(new URL(vault.address).port || 443)] }),
    });
  return declared;
}

/** Every connection to a link-local or loopback address, or to a private one outside the declared destinations. */
export function privateReach(run: StackRun, connections: readonly Connection[]): string[] {
  const declared = declaredDestinations(run);
  const problems: string[] = [];
  for (const c of connections) {
    if (c.dst.type !== "external") continue;
    const dst = { first: c.dst.first, last: c.dst.last };
    if (NEVER.map(range).some((r) => overlaps(r, dst))) {
      problems.push(`${c.src.id} reaches ${c.dst.id} (link-local or loopback) on ${c.conns.toString()}`);
      continue;
    }
    if (!PRIVATE.map(range).some((r) => overlaps(r, dst))) continue;
    const allowedThere = declared.filter((d) => d.ranges.some((r) => inside(dst, r))).reduce((all, d) => all.union(d.conns), ConnectionSet.none);
    if (!c.conns.intersect(allowedThere).equals(c.conns)) problems.push(`${c.src.id} reaches private ${c.dst.id} on ${c.conns.toString()}`);
  }
  return problems;
}

/** Whether `connections` (out of one workload) cover every address of `cidr` on TCP `port`. */
export function reachesAll(connections: readonly Connection[], cidr: string, port: number): boolean {
  const target = range(cidr);
  const covered = connections.reduce(
    (n, c) =>
      c.dst.type === "external" && overlaps({ first: c.dst.first, last: c.dst.last }, target) && c.conns.allows("TCP", port)
        ? n + Math.min(c.dst.last, target.last) - Math.max(c.dst.first, target.first) + 1
        : n,
    0,
  );
  return covered === target.last - target.first + 1;
}
