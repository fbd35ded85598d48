/**
 * AccessLogBucket: where S3 server access logs of one of the platform's buckets (backups, log archive) go, so every
 * read, write and delete of a backup or an archived log is on record. The log bucket is encrypted with the source
 * bucket's KMS key (whose key policy lets S3 log delivery use it), blocks public access, accepts objects only from S3
 * log delivery for that one source bucket and account, refuses requests without TLS, and expires logs after their
 * retention. It logs nothing itself (a bucket logging into itself loops).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessLogBucketName, accessLogBucketPolicy } from "./access-log-policy";
import { privateBucket } from "./private-bucket";

/** Arguments of {@link AccessLogBucket}. */
export interface AccessLogBucketArgs {
  /** The bucket whose access logs it receives. */
  sourceBucketName: string;
  /** ARN of the KMS key it is encrypted with (the source bucket's). */
  kmsKeyArn: pulumi.Input<string>;
  /** The account of both buckets (the log delivery's `aws:SourceAccount`). */
  accountId: pulumi.Input<string>;
  /** Days a log object is kept. */
  retentionDays: number;
  /** Tags of the bucket. */
  tags: Record<string, string>;
  /** Protect the bucket from deletion (`protectStatefulResources`). */
  protect: boolean;
}

/** The access-log bucket of one source bucket. */
export class AccessLogBucket extends pulumi.ComponentResource {
  /** The log bucket's name (what the source bucket's `BucketLogging` targets). */
  readonly bucketName: pulumi.Output<string>;
  /** Everything the source bucket's logging configuration must wait for (the bucket, its encryption and policy). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AccessLogBucketArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("ecommerce:security:AccessLogBucket", name, {}, opts);
    const inAws = { parent: this, provider: opts.provider };
    const bucketName = accessLogBucketName(args.sourceBucketName);
    const { bucket, ownership, publicAccess, onBucket } = privateBucket(name, { bucketName, tags: args.tags, protect: args.protect }, inAws);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.bucket,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
      },
      onBucket,
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.bucket,
        rules: [
          { id: "expire-access-logs-after-retention", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } },
          { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
        ],
      },
      onBucket,
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.bucket,
        policy: pulumi
          .all([bucket.arn, args.accountId])
          .apply(([arn, accountId]) => JSON.stringify(accessLogBucketPolicy({ logBucketArn: arn, sourceBucketName: args.sourceBucketName, accountId }))),
      },
      { ...inAws, dependsOn: [bucket, publicAccess] },
    );
    this.bucketName = bucket.bucket;
    this.ready = [bucket, ownership, publicAccess, encryption, lifecycle, policy];
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
