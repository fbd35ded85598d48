/** The IAM policy of the registry's IRSA role with S3 storage: its bucket's objects, and the bucket's key through S3 only. */
import { viaService } from "../../core/kms-key-policy";

/** What the policy names. */
export interface RegistryStoragePolicyInput {
  /** The bucket's ARN. */
  bucketArn: string;
  /** The bucket's region (the key may only be used through S3 there). */
  region: string;
  /** The bucket's KMS key, when it has one. */
  kmsKeyArn?: string;
}

/**
 * What the Docker distribution S3 driver needs (list the bucket and its multipart uploads, read, write and delete
 * objects, multipart parts), on this bucket only; the key only for S3's own use of it in the bucket's region.
 */
export function registryStoragePolicy(p: RegistryStoragePolicyInput) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Bucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: p.bucketArn },
      {
        Sid: "Objects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
        Resource: `${p.bucketArn}/*`,
      },
      ...(p.kmsKeyArn
        ? [
            {
              Sid: "BucketKey",
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: p.kmsKeyArn,
              Condition: { StringEquals: { "kms:ViaService": viaService("s3", p.region) } },
            },
          ]
        : []),
    ],
  };
}
