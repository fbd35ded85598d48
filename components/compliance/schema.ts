/** `compliance`: the frameworks this environment claims, the GDPR retention job and the optional PCI-DSS zone. */
import { z } from "zod";
import { cron, dnsLabel } from "../../core/config/primitives";

export const complianceSchema = z
  .strictObject({
    /** Namespace of the compliance profile ConfigMap and the GDPR retention job (restricted). */
    namespace: dnsLabel.default("compliance"),
    /** Days personal data (the platform's logs: client IPs, user ids) may be kept; the GDPR job deletes anything older. */
    gdprRetentionDays: z.number().int().min(1).default(365),
    /** When the GDPR retention job runs (cron, UTC). */
    gdprRetentionSchedule: cron.default("30 3 * * *"),
    /** Image of the GDPR retention job (needs only `curl`; runs as a numeric non-root user). */
    gdprJobImage: z.string().min(1).default("docker.io/curlimages/curl:8.16.0"),
    /** This environment is in PCI-DSS scope: creates the PCI zone namespace and its payment-only role. */
    pciDss: z.boolean().default(false),
    /** This environment claims ISO/IEC 27001 controls (recorded in the compliance profile). */
    iso27001: z.boolean().default(false),
    /** This environment claims SOC 2 controls (recorded in the compliance profile). */
    soc2: z.boolean().default(false),
    /** Namespace of the PCI zone when pciDss is on (always restricted). */
    pciNamespace: dnsLabel.default("pci-zone"),
    /**
     * Catalog services that run in the PCI zone when pciDss is on (moved there whatever their catalog namespace, with
     * their Secrets, certificates and policies) and whose ServiceAccounts get the payment-only role.
     */
    pciServices: z.array(dnsLabel).min(1).default(["payments-service"]),
    /** The PCI zone's own Secrets those services may read besides their catalog secrets, by name (none unless listed). */
    pciSecrets: z.array(dnsLabel).default([]),
  })
  .prefault({});

export type ComplianceConfig = z.infer<typeof complianceSchema>;
