/** The incident-response concern's resolved settings. Pure: tested without Pulumi. */
import type { PlatformConfig } from "../../core/config/platform";
import type { IncidentResponseConfig } from "./schema";

/** The configuration the incident-response concern reads: the platform-wide keys and its own section. */
export type IncidentResponseStackConfig = PlatformConfig & { incidentResponse: IncidentResponseConfig };

/** The incident-response concern as this stack deploys it. */
export interface ResolvedIncidentResponse {
  /** Group bound to the read-only forensics ClusterRole (`incidentResponse.forensicsGroup`). */
  forensicsGroup: string;
}

/** The incident-response settings, or undefined when `features.incidentResponse` is off. */
export function resolveIncidentResponse(c: IncidentResponseStackConfig): ResolvedIncidentResponse | undefined {
  return c.features.incidentResponse ? { forensicsGroup: c.incidentResponse.forensicsGroup } : undefined;
}
