/** The slice of the stack configuration the zero-trust builders read (pure data, as platform/config/parse.ts returns it). */
import type { ServiceDefinition } from "../catalog";
import type { MeshConfig } from "../config/mesh";
import type { NetworkConfig } from "../config/network";

/** What RBAC, NetworkPolicies, Istio rules and the network report are derived from. */
export interface ZeroTrustInput {
  /** The stack's service catalog (seed plus `services` overrides). */
  catalog: readonly ServiceDefinition[];
  /** Platform peers (ingress controller, monitoring, DNS) and external CIDRs. */
  network: NetworkConfig;
  /** The cluster's own ranges, never "the internet". */
  cluster: { podCidrs: readonly string[]; serviceCidrs: readonly string[]; nodeCidrs: readonly string[] };
  /** Trust domain and control-plane namespace of Istio. */
  mesh: MeshConfig;
  /** `mesh`: sidecars need the control plane; `incidentResponse`: the isolation policies are rendered. */
  features: Readonly<Record<string, boolean>>;
}

/** The namespaces the catalog's services run in, in catalog order (the app namespaces). */
export function appNamespaces(input: Pick<ZeroTrustInput, "catalog">): string[] {
  return [...new Set(input.catalog.map((s) => s.namespace))];
}
