/**
 * Elasticsearch snapshots of the log indices into the archive bucket: the S3 repository and the snapshot lifecycle
 * (SLM) policy the setup job applies. Pure: tested without Pulumi.
 */

/** Name of the snapshot repository. */
export const ARCHIVE_REPOSITORY = "log-archive";
/** Name of the SLM policy. */
export const ARCHIVE_SLM_POLICY = "log-archive-daily";
/** Where Elasticsearch's S3 client reads the web identity token (the only directory its S3 module may read). */
export const WEB_IDENTITY_TOKEN_DIR = "repository-s3";
/** The token file's name in that directory. */
export const WEB_IDENTITY_TOKEN_FILE = "aws-web-identity-token-file";

/** What the repository and the policy are built from. */
export interface SnapshotInput {
  /** The archive bucket. */
  bucketName: string;
  /** Prefix of the log indices (`<prefix>-*` are snapshotted). */
  indexPrefix: string;
  /** When snapshots are taken: a five-field cron (UTC) whose day-of-week is `*`. */
  schedule: string;
  /** Days a snapshot is kept. */
  retentionDays: number;
}

/**
 * A five-field cron (`minute hour day-of-month month day-of-week`) as the Quartz expression SLM takes (seconds first,
 * `?` for the day-of-week): `30 1 * * *` -> `0 30 1 * * ?`. Only a `*` day-of-week is accepted (Quartz numbers the
 * days differently and cannot combine both day fields), which the schema checks.
 */
export function slmSchedule(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (dayOfWeek !== "*") throw new Error(`snapshot schedule ${cron}: the day-of-week must be *`);
  return `0 ${minute} ${hour} ${dayOfMonth} ${month} ?`;
}

/** The S3 repository: the bucket's default encryption (its KMS key) applies, so no encryption setting is sent. */
export function snapshotRepository(i: Pick<SnapshotInput, "bucketName">) {
  return { type: "s3", settings: { bucket: i.bucketName, base_path: "snapshots", client: "default" } };
}

/**
 * The SLM policy: a snapshot of every log index on the schedule, kept `retentionDays` (an index deleted by ILM stays in
 * the snapshots taken while it existed, so every log is archived at least that long after it was written).
 */
export function slmPolicy(i: SnapshotInput) {
  return {
    schedule: slmSchedule(i.schedule),
    name: "<logs-{now/d}>",
    repository: ARCHIVE_REPOSITORY,
    config: { indices: [`${i.indexPrefix}-*`], include_global_state: false, ignore_unavailable: true },
    retention: { expire_after: `${i.retentionDays}d`, min_count: 1 },
  };
}
