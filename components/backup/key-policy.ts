/**
 * The backup key's policy: the key administrators manage it; Velero's role uses it only through S3 (the bucket's
 * SSE-KMS); S3 log delivery may generate data keys for the access logs of this bucket in this account; and the
 * administrators may decrypt those access logs, and only them (S3's encryption context names the log bucket), so
 * reading who touched the backups never lets anyone read the backups.
 */
import { bucketKeyPolicy } from "../../core/bucket-key-policy";
import type { KeyPolicyDocument } from "../../core/kms-key-policy";

/** What the backup key's policy is built from. */
export interface BackupKeyPolicyInput {
  /** Who administers the key (the deploying identity and `cluster.kmsKeyAdministrators`). */
  administrators: readonly string[];
  /** Velero's IRSA role. */
  veleroRoleArn: string;
  /** The backup bucket. */
  bucketName: string;
  /** Region of the bucket (S3's `kms:ViaService`). */
  region: string;
  /** Account of the bucket. */
  accountId: string;
}

/** The backup key's policy document: Velero's role is the bucket's one user. */
export function backupKeyPolicy(i: BackupKeyPolicyInput): KeyPolicyDocument {
  return bucketKeyPolicy({ ...i, user: { sid: "VeleroThroughS3", roleArn: i.veleroRoleArn } });
}
