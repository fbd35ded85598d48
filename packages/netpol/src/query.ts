// Questions tests ask of an analysis result: what may flow between two named peers, who may reach a peer.
import type { AnalysisResult, Connection } from "./analyze";
import { ConnectionSet } from "./connection-set";
import type { Peer } from "./peers";

/**
 * Finds a peer by name: the full connlist name (`shop/orders[Deployment]`, `0.0.0.0-255.255.255.255[External]`),
 * `namespace/name`, or a bare workload name when only one workload has it.
 * @throws {Error} when no peer or more than one peer has that name, so a typo in a test cannot pass silently.
 */
export function findPeer(result: AnalysisResult, name: string): Peer {
  const peers: Peer[] = [...result.workloads, ...result.externalSources, ...result.externalDestinations];
  const exact = peers.filter((peer) => peer.id === name);
  if (exact.length > 0) return exact[0];
  const matches = result.workloads.filter((peer) => `${peer.namespace}/${peer.name}` === name || (!name.includes("/") && peer.name === name));
  if (matches.length === 1) return matches[0];
  const known = result.workloads.map((peer) => peer.id).join(", ");
  if (matches.length === 0) throw new Error(`no peer named "${name}"; known workloads: ${known}`);
  throw new Error(`"${name}" is ambiguous: ${matches.map((peer) => peer.id).join(", ")}; use the full name`);
}

/**
 * The connections `src` may open to `dst` (empty when none), both named as {@link findPeer} accepts.
 * Example: `allowed(result, "orders-service", "orders-mysql").equals(ConnectionSet.of({ TCP: [3306] }))`.
 */
export function allowed(result: AnalysisResult, srcName: string, dstName: string): ConnectionSet {
  const src = findPeer(result, srcName).id;
  const dst = findPeer(result, dstName).id;
  return result.connections.find((connection) => connection.src.id === src && connection.dst.id === dst)?.conns ?? ConnectionSet.none;
}

/** Every allowed connection into the named peer, e.g. to assert that a database accepts exactly one caller. */
export function connectionsTo(result: AnalysisResult, dstName: string): Connection[] {
  const dst = findPeer(result, dstName).id;
  return result.connections.filter((connection) => connection.dst.id === dst);
}

/** Every allowed connection out of the named peer. */
export function connectionsFrom(result: AnalysisResult, srcName: string): Connection[] {
  const src = findPeer(result, srcName).id;
  return result.connections.filter((connection) => connection.src.id === src);
}
