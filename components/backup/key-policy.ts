/**
 * The backup key's policy: the key administrators manage it; Velero's role uses it only through S3 (the bucket's
 * SSE-KMS); S3 log delivery may generate data keys for the access logs of this bucket in this account; and the
 * administrators may decrypt those access logs, and only them (S3's encryption context names the log bucket), so
 * reading who touched the backups never lets anyone read the backups.
 */
import { accessLogBucketName } from "../../core/access-log-policy";
import { KEY_USE_ACTIONS, kmsKeyPolicy, viaService, type KeyPolicyDocument } from "../../core/kms-key-policy";

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

/** The backup key's policy document. */
export function backupKeyPolicy(i: BackupKeyPolicyInput): KeyPolicyDocument {
  const s3 = viaService("s3", i.region);
  const logBucket = `arn:aws:s3:::${accessLogBucketName(i.bucketName)}`;
  return kmsKeyPolicy({
    administrators: i.administrators,
    users: [
      { sid: "VeleroThroughS3", principals: [i.veleroRoleArn], actions: KEY_USE_ACTIONS, viaServices: [s3] },
      {
        sid: "AdministratorsReadAccessLogs",
        principals: i.administrators,
        actions: ["kms:Decrypt"],
        viaServices: [s3],
        encryptionContext: { "aws:s3:arn": [logBucket, `${logBucket}/*`] },
      },
    ],
    services: [
      {
        sid: "S3ServerAccessLogDelivery",
        service: "logging.s3.amazonaws.com",
        actions: ["kms:GenerateDataKey*"],
        sourceAccount: i.accountId,
        sourceArns: [`arn:aws:s3:::${i.bucketName}`],
      },
    ],
  });
}
