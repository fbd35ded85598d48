// Answers "which workloads does this selector / peer / rule match" quickly: workloads are indexed by namespace and
// by label, and answers are cached by selector, since generated policies repeat the same selectors many times.
import { LabelSelector, matchEverything, selectorMatches } from "./label-selector";
import { NamespaceInfo, Policy, PolicyRule, RulePeer, Topology } from "./model";

interface NamespaceIndex {
  /** Workload indices in the namespace, ascending. */
  readonly all: number[];
  /** Workload indices per label (key and value joined by NUL, which neither may contain), ascending. */
  readonly byLabel: Map<string, number[]>;
}

/** Indices (into `topology.workloads`) of the workloads that selectors and rules match. */
export class SelectionIndex {
  private readonly namespaces: readonly NamespaceInfo[];
  private readonly byNamespace = new Map<string, NamespaceIndex>();
  private readonly podCache = new Map<string, readonly number[]>();
  private readonly namespaceCache = new Map<string, readonly NamespaceInfo[]>();
  private readonly ruleCache = new Map<PolicyRule, readonly number[]>();
  /** Every workload index, ascending; what a rule without peers matches. */
  readonly everyWorkload: readonly number[];

  constructor(private readonly topology: Topology) {
    this.namespaces = topology.namespaces;
    topology.workloads.forEach((workload, index) => {
      let entry = this.byNamespace.get(workload.namespace);
      if (entry === undefined) {
        entry = { all: [], byLabel: new Map() };
        this.byNamespace.set(workload.namespace, entry);
      }
      entry.all.push(index);
      for (const [key, value] of Object.entries(workload.labels)) {
        const labelKey = `${key}\u0000${value}`;
        const list = entry.byLabel.get(labelKey);
        if (list) list.push(index);
        else entry.byLabel.set(labelKey, [index]);
      }
    });
    this.everyWorkload = topology.workloads.map((_, index) => index);
  }

  /** Workloads in `namespace` whose labels match `selector`. */
  podsIn(namespace: string, selector: LabelSelector): readonly number[] {
    const cacheKey = `${namespace}\u0000${selector.key}`;
    const cached = this.podCache.get(cacheKey);
    if (cached) return cached;
    const entry = this.byNamespace.get(namespace);
    let result: readonly number[] = [];
    if (entry) {
      // Start from the smallest `key=value` bucket the selector requires, then check the whole selector.
      let candidates = entry.all;
      for (const requirement of selector.requirements) {
        if (requirement.operator !== "In" || requirement.values.size !== 1) continue;
        const [value] = requirement.values;
        const bucket = entry.byLabel.get(`${requirement.key}\u0000${value}`) ?? [];
        if (bucket.length < candidates.length) candidates = bucket;
      }
      const workloads = this.topology.workloads;
      result = selector.requirements.length === 0 ? candidates : candidates.filter((index) => selectorMatches(selector, workloads[index].labels));
    }
    this.podCache.set(cacheKey, result);
    return result;
  }

  /** Namespaces whose labels match `selector`. */
  namespacesMatching(selector: LabelSelector): readonly NamespaceInfo[] {
    const cached = this.namespaceCache.get(selector.key);
    if (cached) return cached;
    const result = this.namespaces.filter((namespace) => selectorMatches(selector, namespace.labels));
    this.namespaceCache.set(selector.key, result);
    return result;
  }

  /** Workloads a pod peer matches: its podSelector (`{}` when absent) in the namespaces its namespaceSelector picks, or in `policyNamespace`. */
  peerPods(policyNamespace: string, peer: Extract<RulePeer, { type: "pods" }>): readonly number[] {
    const podSelector = peer.podSelector ?? matchEverything;
    if (peer.namespaceSelector === undefined) return this.podsIn(policyNamespace, podSelector);
    const matched = this.namespacesMatching(peer.namespaceSelector);
    if (matched.length === 1) return this.podsIn(matched[0].name, podSelector);
    return matched.flatMap((namespace) => this.podsIn(namespace.name, podSelector)).sort((a, b) => a - b);
  }

  /** Workloads a rule's peers match (every workload when the rule has no peers); ipBlock peers never match workloads. */
  rulePods(policy: Policy, rule: PolicyRule): readonly number[] {
    if (rule.peers === undefined) return this.everyWorkload;
    const cached = this.ruleCache.get(rule);
    if (cached) return cached;
    const lists = rule.peers.flatMap((peer) => (peer.type === "pods" ? [this.peerPods(policy.namespace, peer)] : []));
    const result = lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b);
    this.ruleCache.set(rule, result);
    return result;
  }
}
