// The reachability evaluation: which connections NetworkPolicies allow between every pair of workloads, and between
// workloads and external address ranges.
//
// Semantics (Kubernetes NetworkPolicy, as np-guard models it):
// - a pod is isolated for a direction when some policy selecting it has that policy type; a non-isolated direction
//   allows everything;
// - an isolated direction allows the union over the selecting policies' rules of that direction; a rule allows its
//   ports to the peers it matches (OR over peers; namespaceSelector AND podSelector within one peer);
// - a connection between two workloads needs the source's egress AND the destination's ingress;
// - ipBlocks match only external addresses, selectors only workloads; a rule without peers matches both;
// - named ports resolve on the destination pod's container ports (name and protocol), never on external addresses.
import { ConnectionSet } from "./connection-set";
import { disjointAddressRanges, AddressRange } from "./external-ranges";
import { IntervalList, intervalsContain, unionIntervals } from "./intervals";
import { Policy, PolicyRule, Topology, Workload } from "./model";
import { externalPeer, ExternalPeer, Peer, WorkloadPeer, workloadPeer } from "./peers";
import { SelectionIndex } from "./selection";
import { AnalyzerInput, buildTopology } from "./topology";

/** One allowed connection: `src` may open connections to `dst` on `conns`. */
export interface Connection {
  /** The client side. */
  readonly src: Peer;
  /** The server side. */
  readonly dst: Peer;
  /** The protocols and ports allowed; never empty. */
  readonly conns: ConnectionSet;
}

/** The result of {@link analyze}. */
export interface AnalysisResult {
  /** Every allowed connection, sorted by source then destination name (bytewise, as the connlist format requires). */
  readonly connections: readonly Connection[];
  /** Every workload, in input order. */
  readonly workloads: readonly WorkloadPeer[];
  /** The external address ranges used as sources (partition built from ingress ipBlocks). */
  readonly externalSources: readonly ExternalPeer[];
  /** The external address ranges used as destinations (partition built from egress ipBlocks). */
  readonly externalDestinations: readonly ExternalPeer[];
  /** Notes on the input that did not stop the analysis (duplicates, IPv6 blocks, named ports that resolve nowhere). */
  readonly warnings: readonly string[];
}

/** A policy rule together with the policy that holds it (the policy's namespace scopes its selectors). */
interface ScopedRule {
  readonly policy: Policy;
  readonly rule: PolicyRule;
}

/**
 * Computes every allowed connection between the workloads and external ranges described by `inputs`
 * (Namespaces, Pods, Deployments and other pod-template owners, Lists, NetworkPolicies; other kinds are ignored).
 * A workload is never paired with itself; pairs with no allowed connection and IP-to-IP pairs are omitted.
 * @throws {NetpolInputError} when a manifest has invalid fields (all problems at once).
 */
export function analyze(inputs: readonly AnalyzerInput[]): AnalysisResult {
  return analyzeTopology(buildTopology(inputs));
}

/** {@link analyze} on an already built topology. */
export function analyzeTopology(topology: Topology): AnalysisResult {
  const evaluation = new Evaluation(topology);
  return evaluation.run();
}

class Evaluation {
  private readonly workloads: readonly Workload[];
  private readonly index: SelectionIndex;
  /** Per workload, the ingress rules of the policies selecting it; undefined when no policy isolates its ingress. */
  private readonly ingressRules: Array<ScopedRule[] | undefined>;
  /** Per workload, the egress rules of the policies selecting it; undefined when no policy isolates its egress. */
  private readonly egressRules: Array<ScopedRule[] | undefined>;
  /** Named-port rules resolved per destination workload (cache). */
  private readonly namedPortConnections = new Map<PolicyRule, Map<number, ConnectionSet>>();
  /** Named port entries that resolved on at least one destination. */
  private readonly resolvedNamedPorts = new Set<PolicyRule["namedPorts"][number]>();
  /** Rules whose named ports were evaluated against at least one destination workload. */
  private readonly evaluatedNamedPortRules = new Set<PolicyRule>();
  private readonly warnings: string[];

  constructor(private readonly topology: Topology) {
    this.workloads = topology.workloads;
    this.index = new SelectionIndex(topology);
    this.warnings = [...topology.warnings];
    this.ingressRules = this.workloads.map(() => undefined);
    this.egressRules = this.workloads.map(() => undefined);
    for (const policy of topology.policies) {
      const selected = this.index.podsIn(policy.namespace, policy.podSelector);
      for (const workload of selected) {
        if (policy.ingress) (this.ingressRules[workload] ??= []).push(...policy.ingress.map((rule) => ({ policy, rule })));
        if (policy.egress) (this.egressRules[workload] ??= []).push(...policy.egress.map((rule) => ({ policy, rule })));
      }
    }
  }

  run(): AnalysisResult {
    const n = this.workloads.length;
    const workloadPeers = this.workloads.map(workloadPeer);
    const sourceRanges = disjointAddressRanges(this.ipBlocks("ingress"));
    const destinationRanges = disjointAddressRanges(this.ipBlocks("egress"));
    const externalSources = sourceRanges.map((range) => externalPeer(range.first, range.last));
    const externalDestinations = destinationRanges.map((range) => externalPeer(range.first, range.last));

    const connections: Connection[] = [];
    const add = (src: Peer, dst: Peer, conns: ConnectionSet): void => {
      if (!conns.isEmpty()) connections.push({ src, dst, conns });
    };

    // Workload to workload: egress of the source AND ingress of the destination.
    const ingressAllowed = this.workloads.map((_, dst) => this.allowedIngressFromWorkloads(dst));
    const openIngress: number[] = [];
    for (let dst = 0; dst < n; dst++) if (ingressAllowed[dst] === undefined) openIngress.push(dst);
    for (let src = 0; src < n; src++) {
      const egress = this.allowedEgressToWorkloads(src);
      if (egress === undefined) {
        // Open egress: every open-ingress destination gets everything; isolated destinations are handled below.
        for (const dst of openIngress) if (dst !== src) add(workloadPeers[src], workloadPeers[dst], ConnectionSet.all);
        continue;
      }
      for (const [dst, egressConns] of egress) {
        if (dst === src) continue;
        const ingress = ingressAllowed[dst];
        const conns = ingress === undefined ? egressConns : egressConns.intersect(ingress.get(src) ?? ConnectionSet.none);
        add(workloadPeers[src], workloadPeers[dst], conns);
      }
    }
    for (let dst = 0; dst < n; dst++) {
      const ingress = ingressAllowed[dst];
      if (ingress === undefined) continue;
      for (const [src, conns] of ingress) {
        if (src !== dst && this.egressRules[src] === undefined) add(workloadPeers[src], workloadPeers[dst], conns);
      }
    }

    // External ranges: only the workload's own side decides.
    for (let dst = 0; dst < n; dst++) {
      const perRange = this.allowedFromExternal(dst, sourceRanges);
      perRange.forEach((conns, range) => add(externalSources[range], workloadPeers[dst], conns));
    }
    for (let src = 0; src < n; src++) {
      const perRange = this.allowedToExternal(src, destinationRanges);
      perRange.forEach((conns, range) => add(workloadPeers[src], externalDestinations[range], conns));
    }

    this.warnUnresolvedNamedPorts();
    return {
      connections: sortConnections(connections, [...workloadPeers, ...externalSources, ...externalDestinations]),
      workloads: workloadPeers,
      externalSources,
      externalDestinations,
      warnings: this.warnings,
    };
  }

  /** The address sets of the ipBlocks in rules of one direction (rules of directions a policy does not affect are ignored). */
  private ipBlocks(direction: "ingress" | "egress"): IntervalList[] {
    const blocks: IntervalList[] = [];
    for (const policy of this.topology.policies) {
      for (const rule of policy[direction] ?? []) {
        for (const peer of rule.peers ?? []) if (peer.type === "ipBlock") blocks.push(peer.addresses);
      }
    }
    return blocks;
  }

  /** What a rule allows towards a destination: its numeric ports plus its named ports resolved on `dst` (none for addresses). */
  private ruleConnections(rule: PolicyRule, dst: number | undefined): ConnectionSet {
    if (rule.namedPorts.length === 0 || dst === undefined) return rule.fixedConnections;
    let cache = this.namedPortConnections.get(rule);
    if (cache === undefined) {
      cache = new Map();
      this.namedPortConnections.set(rule, cache);
    }
    const cached = cache.get(dst);
    if (cached) return cached;
    this.evaluatedNamedPortRules.add(rule);
    let conns = rule.fixedConnections;
    for (const named of rule.namedPorts) {
      for (const port of this.workloads[dst].containerPorts) {
        if (port.name !== named.name || port.protocol !== named.protocol) continue;
        conns = conns.union(ConnectionSet.portRange(port.protocol, port.port, port.port));
        this.resolvedNamedPorts.add(named);
      }
    }
    cache.set(dst, conns);
    return conns;
  }

  /** For an ingress-isolated workload, the connections allowed from each source workload; undefined when not isolated. */
  private allowedIngressFromWorkloads(dst: number): Map<number, ConnectionSet> | undefined {
    const rules = this.ingressRules[dst];
    if (rules === undefined) return undefined;
    const allowed = new Map<number, ConnectionSet>();
    for (const { policy, rule } of rules) {
      const conns = this.ruleConnections(rule, dst);
      if (conns.isEmpty()) continue;
      for (const src of this.index.rulePods(policy, rule)) {
        const previous = allowed.get(src);
        allowed.set(src, previous === undefined ? conns : previous.union(conns));
      }
    }
    return allowed;
  }

  /** For an egress-isolated workload, the connections allowed to each destination workload; undefined when not isolated. */
  private allowedEgressToWorkloads(src: number): Map<number, ConnectionSet> | undefined {
    const rules = this.egressRules[src];
    if (rules === undefined) return undefined;
    const allowed = new Map<number, ConnectionSet>();
    for (const { policy, rule } of rules) {
      const named = rule.namedPorts.length > 0;
      if (!named && rule.fixedConnections.isEmpty()) continue;
      for (const dst of this.index.rulePods(policy, rule)) {
        const conns = named ? this.ruleConnections(rule, dst) : rule.fixedConnections;
        if (conns.isEmpty()) continue;
        const previous = allowed.get(dst);
        allowed.set(dst, previous === undefined ? conns : previous.union(conns));
      }
    }
    return allowed;
  }

  /** Connections from each external source range (by index) to `dst`, which only `dst`'s ingress rules decide. */
  private allowedFromExternal(dst: number, ranges: readonly AddressRange[]): ConnectionSet[] {
    const rules = this.ingressRules[dst];
    if (rules === undefined) return ranges.map(() => ConnectionSet.all);
    return this.allowedPerRange(rules, ranges, (rule) => this.ruleConnections(rule, dst));
  }

  /** Connections from `src` to each external destination range (by index), which only `src`'s egress rules decide. */
  private allowedToExternal(src: number, ranges: readonly AddressRange[]): ConnectionSet[] {
    const rules = this.egressRules[src];
    if (rules === undefined) return ranges.map(() => ConnectionSet.all);
    return this.allowedPerRange(rules, ranges, (rule) => this.ruleConnections(rule, undefined));
  }

  private allowedPerRange(rules: readonly ScopedRule[], ranges: readonly AddressRange[], connsOf: (rule: PolicyRule) => ConnectionSet): ConnectionSet[] {
    const allowed = ranges.map(() => ConnectionSet.none);
    for (const { rule } of rules) {
      const conns = connsOf(rule);
      if (conns.isEmpty()) continue;
      const addresses = ruleAddresses(rule);
      if (addresses === undefined) {
        for (let range = 0; range < ranges.length; range++) allowed[range] = allowed[range].union(conns);
        continue;
      }
      if (addresses.length === 0) continue;
      // The ranges refine every block, so a range is inside the rule's blocks exactly when its first address is.
      for (let range = 0; range < ranges.length; range++) {
        if (intervalsContain(addresses, ranges[range].first)) allowed[range] = allowed[range].union(conns);
      }
    }
    return allowed;
  }

  private warnUnresolvedNamedPorts(): void {
    for (const rule of this.evaluatedNamedPortRules) {
      for (const named of rule.namedPorts) {
        if (!this.resolvedNamedPorts.has(named)) {
          this.warnings.push(
            `${rule.location}: named port "${named.name}" (${named.protocol}) matches no container port of any destination pod; it allows nothing`,
          );
        }
      }
    }
  }
}

const addressCache = new WeakMap<PolicyRule, IntervalList | undefined>();

/** The addresses a rule's ipBlock peers cover; undefined when the rule has no peers (it then matches every address). */
function ruleAddresses(rule: PolicyRule): IntervalList | undefined {
  if (rule.peers === undefined) return undefined;
  if (addressCache.has(rule)) return addressCache.get(rule);
  let addresses: IntervalList = [];
  for (const peer of rule.peers) if (peer.type === "ipBlock") addresses = unionIntervals(addresses, peer.addresses);
  addressCache.set(rule, addresses);
  return addresses;
}

/**
 * Sorts by source name, then destination name, comparing code units (bytewise for the ASCII names Kubernetes allows).
 * Names are ranked once, so sorting compares numbers rather than strings.
 */
function sortConnections(connections: readonly Connection[], peers: readonly Peer[]): Connection[] {
  const ids = [...new Set(peers.map((peer) => peer.id))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(ids.map((id, position) => [id, position]));
  const peerRank = new Map(peers.map((peer) => [peer, rank.get(peer.id) as number]));
  const keys = new Float64Array(connections.length);
  connections.forEach((connection, index) => {
    keys[index] = (peerRank.get(connection.src) as number) * ids.length + (peerRank.get(connection.dst) as number);
  });
  const order = Uint32Array.from(connections.keys()).sort((a, b) => keys[a] - keys[b]);
  return Array.from(order, (index) => connections[index]);
}
