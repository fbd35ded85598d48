/** The resolved settings of the network concern, and the pure resolve step that fills them from the configuration. */
import type { ServiceDefinition } from "../../core/catalog";
import type { NetworkConfig } from "../../core/config/network";
import type { PlatformConfig } from "../../core/config/platform";
import { incidentIsolation, meshSidecars, type ClusterRanges, type ZeroTrustInput } from "../../core/zero-trust/input";
import { meshControlPlanePeer, type PlatformPeer } from "../../core/zero-trust/peers";

/** What the network concern reads: platform-wide keys only (catalog, `network`, `cluster`, `mesh`, switches). */
export type NetworkFeatureConfig = PlatformConfig;

/** What {@link Network} is built from. */
export interface ResolvedNetwork {
  /** The service catalog: per service an ingress and an egress policy, exactly its edges. */
  catalog: readonly ServiceDefinition[];
  /** The platform peers (ingress controller, monitoring, DNS) and the external destinations' CIDRs (config `network`). */
  network: NetworkConfig;
  /** The cluster's pod, service and node ranges: never "the internet", excepted from configured external blocks. */
  cluster: ClusterRanges;
  /** istiod, which every service's sidecar must reach (features.mesh on); undefined without the mesh. */
  meshControlPlane: PlatformPeer | undefined;
  /** Render the `incident-isolation` policy in every namespace the stack declares (features.incidentResponse on). */
  isolationPolicies: boolean;
}

/** The network concern is always on: the catalog's NetworkPolicies with the peers, ranges and switches they depend on. */
export function resolveNetwork(config: ZeroTrustInput): ResolvedNetwork {
  const { podCidrs, serviceCidrs, nodeCidrs } = config.cluster;
  return {
    catalog: config.catalog,
    network: config.network,
    cluster: { podCidrs, serviceCidrs, nodeCidrs },
    meshControlPlane: meshSidecars(config) ? meshControlPlanePeer(config.mesh) : undefined,
    isolationPolicies: incidentIsolation(config),
  };
}
