/** The audit concern's resolved settings: what decides its outputs. Pure: tested without Pulumi. */
import type { ClusterConfig } from "../../core/config/cluster";
import type { PlatformConfig } from "../../core/config/platform";

/** The audit concern as this stack exports it. */
export interface ResolvedAudit {
  /** Cluster flavor (`cluster.flavor`): `eks` adds the control-plane log types to the outputs. */
  flavor: ClusterConfig["flavor"];
}

/** The audit settings, or undefined when `features.audit` is off. */
export function resolveAudit(c: Pick<PlatformConfig, "features" | "cluster">): ResolvedAudit | undefined {
  return c.features.audit ? { flavor: c.cluster.flavor } : undefined;
}
