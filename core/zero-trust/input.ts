/**
 * The slice of the stack configuration the zero-trust layers are derived from (pure data, as platform/config/parse.ts
 * returns it), and the two facts of other concerns' switches they depend on. The network and mesh concerns resolve
 * their settings from it; the plan's network report reads it to place the representative pods.
 */
import type { MeshConfig } from "../config/mesh";
import type { NetworkConfig } from "../config/network";
import type { ServiceDefinition } from "../catalog";

/** The cluster's own address ranges, never "the internet". */
export interface ClusterRanges {
  /** Pod network ranges. */
  podCidrs: readonly string[];
  /** Service network ranges. */
  serviceCidrs: readonly string[];
  /** Node / VPC ranges. */
  nodeCidrs: readonly string[];
}

/** What the NetworkPolicies, the Istio rules and the network report are derived from. */
export interface ZeroTrustInput {
  /** The stack's service catalog (seed plus `services` overrides). */
  catalog: readonly ServiceDefinition[];
  /** Platform peers (ingress controller, monitoring, DNS) and external CIDRs. */
  network: NetworkConfig;
  /** The cluster's own ranges, never "the internet". */
  cluster: ClusterRanges;
  /** Trust domain and control-plane namespace of Istio. */
  mesh: MeshConfig;
  /** The `features.*` switches: read through {@link meshSidecars} and {@link incidentIsolation}. */
  features: Readonly<Record<string, boolean>>;
}

/** Whether the catalog's pods run Istio sidecars, which must reach istiod: the mesh concern is on (`features.mesh`). */
export function meshSidecars(input: Pick<ZeroTrustInput, "features">): boolean {
  return input.features.mesh;
}

/**
 * Whether incident response cuts pods off by the isolation label (`features.incidentResponse`), so that every
 * namespace the stack declares states it with its `incident-isolation` NetworkPolicy.
 */
export function incidentIsolation(input: Pick<ZeroTrustInput, "features">): boolean {
  return input.features.incidentResponse;
}
