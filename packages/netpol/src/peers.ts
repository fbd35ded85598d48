// The two kinds of endpoints of an allowed connection: workloads and external address ranges.
import { formatIPv4Range } from "./ipv4";
import { Labels } from "./label-selector";
import { Workload } from "./model";
import { workloadId } from "./topology";

/** A workload endpoint: all pods of one owner, or one owner-less pod. */
export interface WorkloadPeer {
  /** Tells workload peers from external ones. */
  readonly type: "workload";
  /** The connlist name, `namespace/name[Kind]`. */
  readonly id: string;
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload's (or owner's) name. */
  readonly name: string;
  /** The workload's (or owner's) kind: `Deployment`, `ReplicaSet`, `Pod`, ... */
  readonly kind: string;
  /** Labels of the workload's pods. */
  readonly labels: Labels;
}

/** An external endpoint: a contiguous IPv4 range from the partition built from the policies' ipBlocks. */
export interface ExternalPeer {
  /** Tells external peers from workload ones. */
  readonly type: "external";
  /** The connlist name, `first-last[External]`. */
  readonly id: string;
  /** First address, as an integer. */
  readonly first: number;
  /** Last address, as an integer. */
  readonly last: number;
}

/** An endpoint of an allowed connection. */
export type Peer = WorkloadPeer | ExternalPeer;

/** The peer standing for a workload. */
export function workloadPeer(workload: Workload): WorkloadPeer {
  return {
    type: "workload",
    id: workloadId(workload),
    namespace: workload.namespace,
    name: workload.name,
    kind: workload.kind,
    labels: workload.labels,
  };
}

/** The peer standing for an external address range. */
export function externalPeer(first: number, last: number): ExternalPeer {
  return { type: "external", id: `${formatIPv4Range(first, last)}[External]`, first, last };
}
