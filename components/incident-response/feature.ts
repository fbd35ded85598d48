/** The incident-response concern: the read-only forensics ClusterRole bound to the investigators' group. */
import type { Feature } from "../../core/feature";
import { IncidentResponse } from "./component";
import { incidentResponseSchema } from "./schema";
import { resolveIncidentResponse, type IncidentResponseStackConfig, type ResolvedIncidentResponse } from "./settings";

export const incidentResponseFeature: Feature<IncidentResponseStackConfig, ResolvedIncidentResponse> & {
  readonly sections: { incidentResponse: typeof incidentResponseSchema };
} = {
  name: "incident-response",
  switches: { incidentResponse: { description: "Isolation policy, forensics role and runbook wiring.", default: true } },
  sections: { incidentResponse: incidentResponseSchema },
  resolve: resolveIncidentResponse,
  create: (settings, _handles, opts) => ({ component: new IncidentResponse("incident-response", { settings }, opts) }),
};
