/** The access-log bucket of one of the platform's buckets: its name and its resource policy. Pure: no Pulumi. */
import { denyInsecureTransport } from "./encrypted-bucket-policy";

/** S3 bucket names are at most 63 characters. */
export const MAX_BUCKET_NAME = 63;

/** Suffix of an access-log bucket's name. */
const SUFFIX = "-access-logs";

/** The access-log bucket of `sourceBucketName`: `<source>-access-logs`. */
export function accessLogBucketName(sourceBucketName: string): string {
  return `${sourceBucketName}${SUFFIX}`;
}

/** Why `sourceBucketName` cannot get an access-log bucket (its name would be longer than S3 allows), or undefined. */
export function accessLogBucketNameProblem(sourceBucketName: string): string | undefined {
  const name = accessLogBucketName(sourceBucketName);
  return name.length > MAX_BUCKET_NAME
    ? `its access-log bucket ${name} would be ${name.length} characters; S3 allows ${MAX_BUCKET_NAME}: use at most ${MAX_BUCKET_NAME - SUFFIX.length}`
    : undefined;
}

/** What the policy is built from. */
export interface AccessLogBucketPolicyInput {
  /** ARN of the log bucket. */
  logBucketArn: string;
  /** The one bucket whose logs it accepts. */
  sourceBucketName: string;
  /** The account of both buckets. */
  accountId: string;
}

/**
 * TLS only; objects written only by S3 log delivery (`logging.s3.amazonaws.com`) for the source bucket of this account
 * (`aws:SourceArn`, `aws:SourceAccount`: no other bucket, and no other account, can make S3 deliver logs here).
 */
export function accessLogBucketPolicy(i: AccessLogBucketPolicyInput) {
  return {
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport(i.logBucketArn),
      {
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${i.logBucketArn}/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": i.accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:s3:::${i.sourceBucketName}` },
        },
      },
    ],
  };
}
