/**
 * LogArchive: where Elasticsearch's snapshots of the log indices go (PCI DSS 10.5.1: audit logs kept 12 months). An S3
 * bucket with Object Lock in `logging.archive.objectLockMode` (COMPLIANCE by default) for the retention, SSE-KMS with
 * its own key (explicit key policy), versioning, every public access block, a TLS-only policy, server access logging
 * into its own log bucket, and the IRSA role Elasticsearch's S3 repository uses (no static key anywhere).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "../../core/access-log-bucket";
import { irsaTrustPolicy } from "../../core/irsa";
import { keyAdministration } from "../../core/key-administrators";
import { archiveBucketPolicy, archiveKeyPolicy, archiveLifecycleRules, snapshotRolePolicy } from "./archive-policies";
import { ELASTICSEARCH } from "./names";
import type { LogArchiveSettings } from "./settings";
import { privateBucket } from "../../core/private-bucket";

/** Arguments of {@link LogArchive}. */
export interface LogArchiveArgs {
  /** The archive's resolved settings (with its AWS part: the stack may use AWS). */
  settings: LogArchiveSettings & { aws: NonNullable<LogArchiveSettings["aws"]> };
  /** Namespace of Elasticsearch, whose ServiceAccount the role trusts. */
  namespace: string;
  /** The platform's AWS provider (used when the archive is in its region). */
  provider: aws.Provider;
}

/** Days KMS waits before deleting the archive key once its deletion is scheduled (the longest AWS allows). */
const KEY_DELETION_WINDOW_DAYS = 30;

/** The archive bucket, its key and Elasticsearch's snapshot role. */
export class LogArchive extends pulumi.ComponentResource {
  /** ARN of the role Elasticsearch's S3 repository assumes. */
  readonly roleArn: pulumi.Output<string>;
  /** Everything the repository needs before Elasticsearch registers it. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, { settings, namespace, provider: platformProvider }: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:LogArchive", name, {}, opts);
    const { bucketName, region } = settings;
    const aw = settings.aws;
    const provider = aw.ownProvider ? new aws.Provider(`${name}-aws-${region}`, { region: region as aws.Region }, { parent: this }) : platformProvider;
    const inAws = { parent: this, provider };
    const tags = { "app.kubernetes.io/part-of": "ecommerce-security", purpose: "log-archive", retention: `${settings.retentionDays}d` };

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: settings.roleName,
        description: `Elasticsearch snapshots of the logs into s3://${bucketName}`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(aw.oidcProviderArn, namespace, ELASTICSEARCH)),
        maxSessionDuration: 3600,
        tags,
      },
      inAws,
    );
    const { accountId, administrators } = keyAdministration(aw.keyAdministrators, inAws);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Log archive (Elasticsearch snapshots) in s3://${bucketName}`,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: pulumi
          .all([administrators, role.arn, accountId])
          .apply(([admins, snapshotRoleArn, account]) =>
            JSON.stringify(archiveKeyPolicy({ administrators: admins, snapshotRoleArn, bucketName, region, accountId: account })),
          ),
        tags,
      },
      { ...inAws, protect: aw.protect },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${bucketName}`, targetKeyId: key.keyId }, inAws);

    const { bucket, ownership, publicAccess, onBucket } = privateBucket(name, { bucketName, tags, protect: aw.protect }, inAws);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } }, onBucket);
    // Write once: every version is locked for the retention from its upload; in COMPLIANCE mode no one, the account
    // root included, can delete it or shorten its lock, so a stolen role can neither erase nor rewrite archived logs.
    const objectLock = new aws.s3.BucketObjectLockConfiguration(
      `${name}-object-lock`,
      { bucket: bucket.bucket, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: settings.objectLockMode, days: settings.retentionDays } } },
      { ...inAws, dependsOn: [bucket, versioning] },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
      onBucket,
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucket.bucket, rules: archiveLifecycleRules() },
      { ...inAws, dependsOn: [bucket, versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.bucket, policy: pulumi.all([bucket.arn, key.arn]).apply(([b, k]) => JSON.stringify(archiveBucketPolicy(b, k))) },
      { ...inAws, dependsOn: [bucket, publicAccess] },
    );
    const accessLogs = new AccessLogBucket(
      `${name}-access-logs`,
      { sourceBucketName: bucketName, kmsKeyArn: key.arn, accountId, retentionDays: settings.accessLogRetentionDays, tags, protect: aw.protect },
      { parent: this, provider },
    );
    const logging = new aws.s3.BucketLogging(
      `${name}-logging`,
      {
        bucket: bucket.bucket,
        targetBucket: accessLogs.bucketName,
        targetPrefix: `${bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      { ...inAws, dependsOn: [bucket, ...accessLogs.ready] },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        name: "elasticsearch-snapshots",
        policy: pulumi.all([bucket.arn, key.arn]).apply(([bucketArn, kmsKeyArn]) => JSON.stringify(snapshotRolePolicy({ bucketArn, kmsKeyArn, region }))),
      },
      inAws,
    );

    this.roleArn = role.arn;
    this.ready = [bucket, ownership, publicAccess, versioning, objectLock, encryption, lifecycle, policy, logging, role, rolePolicy];
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
