/** `incidentResponse`: who may investigate. */
import { z } from "zod";

export const incidentResponseSchema = z
  .strictObject({
    /** Group (from the cluster's authenticator) bound to the read-only forensics ClusterRole. */
    forensicsGroup: z.string().min(1).default("security-forensics"),
  })
  .prefault({});

export type IncidentResponseConfig = z.infer<typeof incidentResponseSchema>;
