/** `compliance`: the frameworks this environment claims and the GDPR retention job. */
import { z } from "zod";
import { cron } from "./primitives";

export const complianceSchema = z
  .strictObject({
    gdprRetentionDays: z.number().int().min(1).default(365),
    gdprRetentionSchedule: cron.default("30 3 * * *"),
    pciDss: z.boolean().default(false),
    iso27001: z.boolean().default(false),
    soc2: z.boolean().default(false),
    /** Namespace of the PCI zone when pciDss is on. */
    pciNamespace: z.string().default("pci-zone"),
  })
  .prefault({});

export type ComplianceConfig = z.infer<typeof complianceSchema>;
