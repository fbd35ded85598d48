/**
 * The key policy of a KMS key that encrypts one S3 bucket with server access logging (the backup bucket, the log
 * archive): the key administrators manage it; the one role that writes the bucket uses it only through S3; S3 log
 * delivery may generate data keys for this bucket's access logs in this account; and the administrators may decrypt
 * those access logs, and only them (S3's encryption context names the log bucket), so reading who touched the bucket
 * never lets anyone read what is in it.
 */
import { accessLogBucketName } from "./access-log-policy";
import { KEY_USE_ACTIONS, kmsKeyPolicy, viaService, type KeyPolicyDocument } from "./kms-key-policy";

/** What a bucket key's policy is built from. */
export interface BucketKeyPolicyInput {
  /** Who administers the key (the deploying identity and `cluster.kmsKeyAdministrators`). */
  administrators: readonly string[];
  /** The role that reads and writes the bucket, and the statement id naming it (`VeleroThroughS3`). */
  user: { sid: string; roleArn: string };
  /** The bucket the key encrypts. */
  bucketName: string;
  /** Region of the bucket (S3's `kms:ViaService`). */
  region: string;
  /** Account of the bucket. */
  accountId: string;
}

/** The policy document of a bucket's KMS key. */
export function bucketKeyPolicy(i: BucketKeyPolicyInput): KeyPolicyDocument {
  const s3 = viaService("s3", i.region);
  const logBucket = `arn:aws:s3:::${accessLogBucketName(i.bucketName)}`;
  return kmsKeyPolicy({
    administrators: i.administrators,
    users: [
      { sid: i.user.sid, principals: [i.user.roleArn], actions: KEY_USE_ACTIONS, viaServices: [s3] },
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
