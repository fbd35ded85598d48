/**
 * `compliance`: the frameworks this environment claims (the document's `compliance-config` keys), the GDPR clean-up of
 * application data, the GDPR log-retention job of an external log store, and the optional PCI-DSS zone.
 */
import { z } from "zod";
import { cron, dnsLabel } from "../../core/config/primitives";

/** The GDPR clean-up of application data (the document's `gdpr-data-cleanup`): calls each catalog service's `retention` endpoint. */
const dataCleanupSchema = z
  .strictObject({
    /** Run the clean-up (it needs `features.mesh`: its calls are authenticated by mutual TLS). */
    enabled: z.boolean().default(true),
    /** When it runs (cron, UTC): weekly, Sunday 03:00, as the document schedules it. */
    schedule: cron.default("0 3 * * 0"),
    /** Days of application data kept (the document's `RETENTION_DAYS`); `compliance.gdprRetentionDays` when omitted. */
    retentionDays: z.number().int().min(1).optional(),
    /** Image of the job (needs only `curl`; runs as a numeric non-root user). */
    image: z.string().min(1).default("docker.io/curlimages/curl:8.16.0"),
  })
  .prefault({});

export const complianceSchema = z
  .strictObject({
    /** Namespace of the compliance profile ConfigMap and the GDPR jobs (restricted). */
    namespace: dnsLabel.default("compliance"),
    /**
     * Days personal data may be kept: application data (the clean-up's default) and logs (client IPs, user ids; the log
     * store's retention must stay within it).
     */
    gdprRetentionDays: z.number().int().min(1).default(365),
    /** When the GDPR log-retention job runs (cron, UTC); only with an external log store (`logging.mode: external`). */
    gdprRetentionSchedule: cron.default("30 3 * * *"),
    /** Image of the GDPR log-retention job (needs only `curl`; runs as a numeric non-root user). */
    gdprJobImage: z.string().min(1).default("docker.io/curlimages/curl:8.16.0"),
    /** The GDPR clean-up of application data. */
    dataCleanup: dataCleanupSchema,
    /** `audit-logging.level` of `compliance-config`: what the applications log about data access. */
    auditLoggingLevel: z.enum(["basic", "detailed"]).default("detailed"),
    /** `data-encryption.required` of `compliance-config`: applications must encrypt the personal data they store. */
    dataEncryptionRequired: z.boolean().default(true),
    /** `mfa.required` of `compliance-config`: applications must require multi-factor authentication for accounts. */
    mfaRequired: z.boolean().default(true),
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
