/** `backup`: Velero, its encrypted S3 bucket and schedules. */
import { z } from "zod";
import { cron, dnsLabel } from "./primitives";

export const backupSchema = z
  .strictObject({
    /** AWS region of the bucket and snapshots. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1"),
    /** Bucket name; derived from the cluster and environment when omitted. */
    bucketName: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name").optional(),
    /** Days a backup (and its bucket objects) is kept. */
    retentionDays: z.number().int().min(1).max(3650).default(30),
    /** When the daily backup runs. */
    schedule: cron.default("0 1 * * *"),
    /** Namespaces backed up; defaults to every namespace of the catalog. */
    namespaces: z.array(dnsLabel).optional(),
    /** File-system backups through the node agent (needs a privileged namespace). */
    fileSystemBackup: z.boolean().default(false),
    /** Namespace of Velero. */
    namespace: dnsLabel.default("velero"),
  })
  .optional();

export type BackupConfig = z.infer<typeof backupSchema>;
