/** The incident-response concern: the read-only forensics ClusterRole bound to the investigators' group. */
import type { Feature } from "../../core/feature";
import type { LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { IncidentResponse } from "./component";
import { incidentResponseSchema } from "./schema";

export const incidentResponseFeature: Feature<StackConfig, { forensicsGroup: string }> & { readonly sections: { incidentResponse: typeof incidentResponseSchema } } = {
  name: "incident-response",
  switches: { incidentResponse: { description: "Isolation policy, forensics role and runbook wiring.", default: true } },
  sections: { incidentResponse: incidentResponseSchema },
  resolve: (c: StackConfig) => (c.features.incidentResponse ? { forensicsGroup: c.incidentResponse.forensicsGroup } : undefined),
  create: (settings, _handles, opts) => ({ component: new IncidentResponse("incident-response", settings, opts) }),
};
