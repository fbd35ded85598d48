/** `backup`: Velero, its encrypted S3 bucket and schedules. */
import { z } from "zod";
import { cron, dnsLabel, quantity } from "../../core/config/primitives";

export const backupSchema = z
  .strictObject({
    /** AWS region of the bucket and snapshots. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1"),
    /** Bucket name; `<cluster.name>-velero-backups` when omitted. */
    bucketName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name")
      .optional(),
    /** Days a backup is kept: the schedule's TTL (days x 24h), the bucket's lifecycle expiry and its Object Lock retention. */
    retentionDays: z.number().int().min(1).max(3650).default(30),
    /**
     * Object Lock mode of the bucket: every object is write-once for `retentionDays` from its upload. COMPLIANCE: no
     * one, the account root included, can delete it or shorten its retention (ransomware and a stolen deploy role cannot
     * erase the backups); GOVERNANCE: principals allowed `s3:BypassGovernanceRetention` can.
     */
    objectLockMode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
    /** Days the bucket's S3 server access logs (`<bucket>-access-logs`) are kept. */
    accessLogRetentionDays: z.number().int().min(1).max(3650).default(365),
    /** When the daily backup runs (cron, in the Velero server's time zone, UTC by default). */
    schedule: cron.default("0 1 * * *"),
    /** Namespaces backed up; defaults to every namespace of the catalog (the app namespaces). */
    namespaces: z.array(dnsLabel).min(1).optional(),
    /** Resources left out of every backup; events are noise and expire anyway. */
    excludedResources: z.array(z.string().min(1)).default(["events", "events.events.k8s.io"]),
    /** Take EBS snapshots of persistent volumes (through the AWS plugin). */
    volumeSnapshots: z.boolean().default(true),
    /** File-system backups through the node agent (a DaemonSet with hostPath mounts: the namespace becomes privileged). */
    fileSystemBackup: z.boolean().default(false),
    /** Requests and limits of the Velero server. */
    resources: z
      .strictObject({
        /** CPU request. */
        requestsCpu: quantity.default("100m"),
        /** Memory request. */
        requestsMemory: quantity.default("256Mi"),
        /** CPU limit. */
        limitsCpu: quantity.default("1"),
        /** Memory limit. */
        limitsMemory: quantity.default("1Gi"),
      })
      .prefault({}),
    /**
     * A ServiceMonitor for Velero's metrics, and the scraper (`network.monitoring`) let in to them. Needs the
     * prometheus-operator CRDs; defaults to whether alerting is rendered (its backup alerts read these metrics).
     */
    serviceMonitor: z.boolean().optional(),
    /** Namespace of Velero. */
    namespace: dnsLabel.default("velero"),
    /**
     * Bind Velero's ServiceAccount to cluster-admin instead of the scoped RBAC the program gives it (backup and
     * restore of the backed-up namespaces only). Only with a reason: the binding is then a reviewed exception of
     * the policy report, shown with it. For restores into new namespaces or of cluster-scoped kinds.
     */
    clusterAdmin: z
      .strictObject({
        /** Why Velero needs cluster-admin in this stack (shown in the policy report). */
        reason: z.string().trim().min(20, "must say why Velero needs cluster-admin in this stack (at least 20 characters)"),
      })
      .optional(),
  })
  .optional();

export type BackupConfig = z.infer<typeof backupSchema>;
