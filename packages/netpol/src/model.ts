// The analyzer's view of a cluster: namespaces, workloads and NetworkPolicies, validated and normalized.
import { ConnectionSet, Protocol } from "./connection-set";
import { IntervalList } from "./intervals";
import { LabelSelector, Labels } from "./label-selector";

/** A namespace with its labels, including the automatic `kubernetes.io/metadata.name`. */
export interface NamespaceInfo {
  /** The namespace name. */
  readonly name: string;
  /** Declared labels plus `kubernetes.io/metadata.name: <name>`. */
  readonly labels: Labels;
}

/** A port a container declares; named ports in policies resolve against these. */
export interface ContainerPort {
  /** The port name (`http`), if any. */
  readonly name?: string;
  /** The port number. */
  readonly port: number;
  /** The protocol, TCP when the manifest omits it. */
  readonly protocol: Protocol;
}

/** A workload: every pod of one owner (or a pod without owner) is one peer in the analysis. */
export interface Workload {
  /** Namespace, `default` when the manifest has none. */
  readonly namespace: string;
  /** The owner's name (pods with an owner) or the object's own name. */
  readonly name: string;
  /** The owner's kind as written in the pod (`ReplicaSet`, `DaemonSet`), the manifest's kind, or `Pod`. */
  readonly kind: string;
  /** Labels of the workload's pods (the pod's labels, or the pod template's). */
  readonly labels: Labels;
  /** Ports declared by the pods' containers. */
  readonly containerPorts: readonly ContainerPort[];
  /** The manifest file it came from. */
  readonly source: string;
}

/** A port entry of a policy rule. */
export type RulePort =
  /** Every port of the protocol (entry without `port`). */
  | { readonly type: "all"; readonly protocol: Protocol }
  /** `port` alone or `port`..`endPort`. */
  | { readonly type: "range"; readonly protocol: Protocol; readonly from: number; readonly to: number }
  /** A named port, resolved on the destination pod's container ports (name and protocol must match). */
  | { readonly type: "named"; readonly protocol: Protocol; readonly name: string };

/** A peer of a policy rule (an element of `from` or `to`). */
export type RulePeer =
  /** Pods chosen by selectors; an absent namespaceSelector means the policy's namespace. */
  | { readonly type: "pods"; readonly namespaceSelector?: LabelSelector; readonly podSelector?: LabelSelector }
  /** External addresses: `cidr` minus `except`, IPv4 only; never matches pods. */
  | { readonly type: "ipBlock"; readonly addresses: IntervalList };

/** One ingress or egress rule. */
export interface PolicyRule {
  /** The peers; undefined when the rule has no (or an empty) `from`/`to`, which means every peer, pods and addresses. */
  readonly peers?: readonly RulePeer[];
  /** Connections allowed by the numeric and protocol-only port entries (everything when the rule lists no ports). */
  readonly fixedConnections: ConnectionSet;
  /** Named port entries, resolved per destination pod. */
  readonly namedPorts: readonly Extract<RulePort, { type: "named" }>[];
  /** Where the rule is, for warnings: `<file>: NetworkPolicy ns/name spec.ingress[0]`. */
  readonly location: string;
}

/** A NetworkPolicy after policyTypes defaulting. */
export interface Policy {
  /** The policy's namespace; it selects pods in this namespace only. */
  readonly namespace: string;
  /** The policy's name. */
  readonly name: string;
  /** Which pods the policy applies to (within its namespace). */
  readonly podSelector: LabelSelector;
  /** Ingress rules when the policy affects ingress (an empty list isolates without allowing anything); undefined otherwise. */
  readonly ingress?: readonly PolicyRule[];
  /** Egress rules when the policy affects egress; undefined otherwise. */
  readonly egress?: readonly PolicyRule[];
  /** The manifest file it came from. */
  readonly source: string;
}

/** Everything the analyzer evaluates, read from manifests. */
export interface Topology {
  /** Declared namespaces and those referenced by workloads, sorted by name. */
  readonly namespaces: readonly NamespaceInfo[];
  /** Workloads, one per peer, in input order. */
  readonly workloads: readonly Workload[];
  /** NetworkPolicies, in input order. */
  readonly policies: readonly Policy[];
  /** Things that do not stop the analysis but that a user should know (duplicates, IPv6 blocks skipped). */
  readonly warnings: readonly string[];
}
