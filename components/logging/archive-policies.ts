/**
 * The log archive's documents (PCI DSS 10.5.1: audit logs kept 12 months): the IAM policy of Elasticsearch's snapshot
 * role, the archive bucket's policy, its key policy and lifecycle. Pure: tested without Pulumi.
 */
import { kmsOnlyBucketPolicy, type PolicyDocument } from "../../core/encrypted-bucket-policy";
import { bucketKeyPolicy } from "../../core/bucket-key-policy";
import { viaService, type KeyPolicyDocument } from "../../core/kms-key-policy";

/** What the snapshot role's policy is built from. */
export interface SnapshotRolePolicyInput {
  /** The archive bucket. */
  bucketArn: string;
  /** Its KMS key. */
  kmsKeyArn: string;
  /** Region of the bucket (S3's `kms:ViaService`). */
  region: string;
}

/**
 * What Elasticsearch's S3 repository does (list, read, write and delete blobs, multipart uploads) on this bucket, and
 * the key through S3 only. Nothing that touches Object Lock (no retention, legal hold or version deletion): a
 * compromised node can add snapshots, and its deletes only add delete markers while the versions stay locked.
 */
export function snapshotRolePolicy(p: SnapshotRolePolicyInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ListArchiveBucket",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        Resource: p.bucketArn,
      },
      {
        Sid: "ReadWriteSnapshotBlobs",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: `${p.bucketArn}/*`,
      },
      {
        Sid: "UseArchiveKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: p.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": viaService("s3", p.region) } },
      },
    ],
  };
}

/** The archive bucket's policy: TLS only, uploads only with its key. */
export function archiveBucketPolicy(bucketArn: string, kmsKeyArn: string): PolicyDocument {
  return kmsOnlyBucketPolicy(bucketArn, kmsKeyArn);
}

/** What the archive key's policy is built from. */
export interface ArchiveKeyPolicyInput {
  /** Who administers the key (the deploying identity and `cluster.kmsKeyAdministrators`). */
  administrators: readonly string[];
  /** Elasticsearch's snapshot role. */
  snapshotRoleArn: string;
  /** The archive bucket. */
  bucketName: string;
  /** Region of the bucket. */
  region: string;
  /** Account of the bucket. */
  accountId: string;
}

/**
 * The archive key: administrators manage it; Elasticsearch's snapshot role uses it only through S3 (restoring a
 * snapshot into the cluster is how archived logs are read); S3 log delivery for the archive bucket's access logs, which
 * the administrators alone may decrypt.
 */
export function archiveKeyPolicy(i: ArchiveKeyPolicyInput): KeyPolicyDocument {
  return bucketKeyPolicy({ ...i, user: { sid: "SnapshotsThroughS3", roleArn: i.snapshotRoleArn } });
}

/**
 * Lifecycle of the archive bucket. Elasticsearch decides when a snapshot goes (SLM retention); its deletes only add
 * delete markers, and each version stays locked for the retention from its upload. Versions that are no longer
 * current are then removed the day after (S3 never removes a version still under Object Lock), delete markers left
 * alone are cleaned up, and half-finished uploads are aborted after a day.
 */
export function archiveLifecycleRules() {
  return [
    {
      id: "remove-deleted-snapshot-blobs-once-unlocked",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: 1 },
      expiration: { expiredObjectDeleteMarker: true },
    },
    { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
  ];
}
