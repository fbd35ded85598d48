/** `incidentResponse`: who may investigate an incident (see docs/runbook-incident-response.md). */
import { z } from "zod";

export const incidentResponseSchema = z
  .strictObject({
    /** Group (from the cluster's authenticator: EKS access entry or aws-auth mapping) bound to the read-only forensics ClusterRole. */
    forensicsGroup: z.string().min(1).default("security-forensics"),
  })
  .prefault({});

export type IncidentResponseConfig = z.infer<typeof incidentResponseSchema>;
