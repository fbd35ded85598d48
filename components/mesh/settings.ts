/** The resolved settings of the mesh concern, and the pure resolve step that fills them from the configuration. */
import type { ServiceDefinition } from "../../core/catalog";
import type { NetworkConfig } from "../../core/config/network";
import type { PlatformConfig } from "../../core/config/platform";
import type { ZeroTrustInput } from "../../core/zero-trust/input";

/** What the mesh concern reads: platform-wide keys only (catalog, `network`, `mesh`, its switch). */
export type MeshFeatureConfig = PlatformConfig;

/** What {@link Mesh} is built from. */
export interface ResolvedMesh {
  /** The service catalog: its namespaces get STRICT mTLS, its services a DestinationRule and their callers' ALLOW rules. */
  catalog: readonly ServiceDefinition[];
  /** The platform callers (ingress controller, monitoring), whose ServiceAccounts are the principals their ALLOW rules name. */
  network: NetworkConfig;
  /** SPIFFE trust domain of every principal (config `mesh.trustDomain`). */
  trustDomain: string;
}

/** The mesh settings, or undefined when `features.mesh` is off. */
export function resolveMesh(config: Pick<ZeroTrustInput, "catalog" | "network" | "mesh" | "features">): ResolvedMesh | undefined {
  if (!config.features.mesh) return undefined;
  return { catalog: config.catalog, network: config.network, trustDomain: config.mesh.trustDomain };
}
