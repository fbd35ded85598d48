/** The backup bucket's resource policy: TLS only, and uploads only encrypted with the backup key. */
import { kmsOnlyBucketPolicy, type PolicyDocument } from "../../core/encrypted-bucket-policy";

export type { PolicyDocument };

/**
 * Deny every request that does not use TLS, and every upload that asks for another encryption than SSE-KMS with the
 * backup key (an upload without an encryption header gets the bucket default, which is that key).
 */
export function backupBucketPolicy(bucketArn: string, kmsKeyArn: string): PolicyDocument {
  return kmsOnlyBucketPolicy(bucketArn, kmsKeyArn);
}
