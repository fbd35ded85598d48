/** How long a backup lives: one number of days drives the Velero TTL and the bucket's lifecycle expiry. */

/** The Velero TTL (a Go duration in hours) of a retention in days (a whole number from 1, as the schema takes it): 30 days -> "720h". */
export function backupTtl(retentionDays: number): string {
  return `${retentionDays * 24}h`;
}

/**
 * Lifecycle rules of the backup bucket (aws.s3.BucketLifecycleConfiguration `rules`): current objects expire after
 * the retention, so nothing outlives its backup even when Velero's garbage collection did not run; versions that
 * Velero deleted or overwrote stay recoverable for the same retention (a deleted backup can still be restored), then go;
 * half-finished multipart uploads are cleaned after a day.
 */
export function lifecycleRules(retentionDays: number) {
  return [
    {
      id: "expire-backups-after-retention",
      status: "Enabled",
      filter: {},
      expiration: { days: retentionDays },
      noncurrentVersionExpiration: { noncurrentDays: retentionDays },
    },
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    },
  ];
}
