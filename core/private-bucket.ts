/**
 * A private S3 bucket as every bucket of the platform starts (backups, the log archive, their access logs): owned by
 * the bucket owner (ACLs off) with every public-access block on. The configurations that differ (versioning, Object
 * Lock, encryption, lifecycle, policy) are added by the caller on `onBucket`.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** What makes one bucket. */
export interface PrivateBucketArgs {
  /** The bucket's name in S3. */
  bucketName: string;
  /** Tags of the bucket. */
  tags: Record<string, string>;
  /** Whether the bucket is protected from deletion. */
  protect: boolean;
}

/** The bucket, its ownership and public-access configurations, and the options its other configurations use. */
export interface PrivateBucket {
  bucket: aws.s3.Bucket;
  ownership: aws.s3.BucketOwnershipControls;
  publicAccess: aws.s3.BucketPublicAccessBlock;
  /** Options of a configuration of this bucket (the caller's options, after the bucket). */
  onBucket: pulumi.CustomResourceOptions;
}

/** Creates `<name>`, `<name>-ownership` and `<name>-public-access` with `opts` (parent and provider). */
export function privateBucket(name: string, args: PrivateBucketArgs, opts: pulumi.CustomResourceOptions): PrivateBucket {
  const bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, forceDestroy: false, tags: args.tags }, { ...opts, protect: args.protect });
  // Configurations name the bucket by its name (its ID in S3), as the plan and the policy pack relate them.
  const onBucket = { ...opts, dependsOn: [bucket] };
  const ownership = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
    onBucket,
  );
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access`,
    { bucket: bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    onBucket,
  );
  return { bucket, ownership, publicAccess, onBucket };
}
