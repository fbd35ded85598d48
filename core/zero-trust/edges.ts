/** The catalog's call graph as a list of edges: who calls which service on which ports. */
import type { ServiceDefinition, ServicePort } from "../catalog";
import type { ZeroTrustInput } from "./input";
import { serviceSelector } from "../labels";
import { callerPeer, type PlatformPeer } from "./peers";

/** The calling side of an edge: another catalog service, or a platform peer (ingress controller, monitoring). */
export type Caller = { kind: "service"; service: ServiceDefinition } | { kind: "platform"; peer: PlatformPeer };

/** One allowed call: `caller` may open connections to `callee` on `ports` (the callee's ports, by definition). */
export interface CatalogEdge {
  caller: Caller;
  callee: ServiceDefinition;
  ports: ServicePort[];
}

/** The callee's ports with these names, in the callee's order (names were checked by platform/catalog/merge.ts). */
export function portsNamed(service: ServiceDefinition, names: readonly string[]): ServicePort[] {
  return service.ports.filter((p) => names.includes(p.name));
}

/**
 * Every edge of the catalog: each `dependsOn` entry (caller -> callee) and each `calledBy` entry (platform peer ->
 * service), in catalog order. Several entries for the same pair are merged into one edge with the union of ports.
 */
export function catalogEdges(input: Pick<ZeroTrustInput, "catalog" | "network">): CatalogEdge[] {
  const byName = new Map(input.catalog.map((s) => [s.name, s]));
  const edges = new Map<string, { caller: Caller; callee: ServiceDefinition; names: Set<string> }>();
  const add = (key: string, caller: Caller, callee: ServiceDefinition, names: readonly string[]) => {
    const edge = edges.get(key) ?? { caller, callee, names: new Set<string>() };
    names.forEach((n) => edge.names.add(n));
    edges.set(key, edge);
  };
  for (const caller of input.catalog) {
    for (const dep of caller.dependsOn) {
      const callee = byName.get(dep.service);
      if (callee) add(`${caller.name}->${callee.name}`, { kind: "service", service: caller }, callee, dep.ports);
    }
  }
  for (const callee of input.catalog) {
    for (const entry of callee.calledBy) {
      add(`peer:${entry.peer}->${callee.name}`, { kind: "platform", peer: callerPeer(input.network, entry.peer) }, callee, entry.ports);
    }
  }
  return [...edges.values()].map((e) => ({ caller: e.caller, callee: e.callee, ports: portsNamed(e.callee, [...e.names]) }));
}

/** The namespace and labels of a caller's pods. */
export function callerPods(caller: Caller): { namespace: string; labels: Record<string, string> } {
  return caller.kind === "service"
    ? { namespace: caller.service.namespace, labels: serviceSelector(caller.service) }
    : { namespace: caller.peer.namespace, labels: caller.peer.podLabels };
}

/** A caller's name for reports and policy comments. */
export function callerName(caller: Caller): string {
  return caller.kind === "service" ? caller.service.name : caller.peer.name;
}
