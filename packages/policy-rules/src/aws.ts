// The aws group: the backup bucket and the Secrets Manager secrets are encrypted with a customer-managed KMS key
// (whose policy the platform controls and whose use CloudTrail records), the bucket blocks public access, and keys
// rotate. A bucket's encryption and public access block are separate resources that name the bucket, so those
// rules read the resource set (stack rules) and follow the reference by value or by the engine's dependencies.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { matchesPlainName, namePatterns } from "./config";
import type { PolicyContext } from "./context";
import type { Fields, PolicyResource, PolicyRule, Violation } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const ENCRYPTION_TYPES = new Set([
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
]);
const PUBLIC_ACCESS_BLOCK_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SECRET_TYPE = "aws:secretsmanager/secret:Secret";
const KMS_KEY_TYPE = "aws:kms/key:Key";

const isBucket = (r: PolicyResource) => BUCKET_TYPES.has(r.type);

/** Key IDs, ARNs or aliases of AWS-managed keys (`alias/aws/s3`, `arn:...:alias/aws/secretsmanager`). */
const isAwsManagedKey = (key: string) => /(^|:)alias\/aws\//.test(key);

/** Names a bucket is referenced by: its bucket name (which is also its ID) and its logical name. */
function bucketNames(bucket: PolicyResource): string[] {
  const names = [bucket.name];
  for (const key of ["bucket", "id"]) if (typeof bucket.props[key] === "string" && !isUnknown(bucket.props[key])) names.push(bucket.props[key] as string);
  return names;
}

/**
 * The configuration resources of `types` that belong to `bucket` (their `bucket` property names it, or the engine
 * says that property depends on it), and whether some configuration's bucket cannot be told (unknown during preview
 * without dependency information).
 */
function configurationsOf(bucket: PolicyResource, types: ReadonlySet<string>, context: PolicyContext): { found: PolicyResource[]; undecidable: boolean } {
  const names = bucketNames(bucket);
  const found: PolicyResource[] = [];
  let undecidable = false;
  for (const r of context.resources) {
    if (!types.has(r.type)) continue;
    const dependsOn = r.propertyDependencies?.bucket;
    if (dependsOn !== undefined && bucket.urn !== undefined && dependsOn.includes(bucket.urn)) found.push(r);
    else if (typeof r.props.bucket === "string" && !isUnknown(r.props.bucket) && names.includes(r.props.bucket)) found.push(r);
    else if (isUnknown(r.props.bucket) && dependsOn === undefined) undecidable = true;
  }
  return { found, undecidable };
}

/** What is wrong with one encryption-by-default block (`applyServerSideEncryptionByDefault`), at `path`. */
function encryptionProblem(byDefault: unknown, path: string): Violation | undefined {
  const block = fieldsOf(byDefault);
  if (isUnknown(byDefault) || containsUnknown(block)) return undefined;
  const algorithm = block?.sseAlgorithm;
  const key = block?.kmsMasterKeyId;
  if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
    return {
      path: `${path}.sseAlgorithm`,
      message: `default encryption is ${JSON.stringify(algorithm ?? "none")}, not a KMS key`,
      fix: 'set sseAlgorithm: "aws:kms" and kmsMasterKeyId to the ARN of a customer-managed KMS key',
    };
  }
  if (typeof key !== "string" || key === "") {
    return {
      path: `${path}.kmsMasterKeyId`,
      message: "aws:kms without kmsMasterKeyId uses the AWS-managed aws/s3 key",
      fix: "set kmsMasterKeyId to the ARN of a customer-managed KMS key",
    };
  }
  if (isAwsManagedKey(key)) {
    return {
      path: `${path}.kmsMasterKeyId`,
      message: `key ${key} is AWS-managed`,
      fix: "use a customer-managed KMS key (aws.kms.Key) whose policy the platform controls",
    };
  }
  return undefined;
}

/** Problems of an encryption configuration resource (its `rules`), or of a bucket's inline configuration. */
function encryptionProblems(resource: PolicyResource): Violation[] {
  if (ENCRYPTION_TYPES.has(resource.type)) {
    if (isUnknown(resource.props.rules)) return [];
    const rules = listOf(resource.props.rules);
    if (rules.length === 0)
      return [
        {
          path: "rules",
          message: "the encryption configuration has no rule",
          fix: "add a rule with applyServerSideEncryptionByDefault using a customer-managed KMS key",
        },
      ];
    return rules.flatMap((rule, i) =>
      isUnknown(rule) ? [] : (encryptionProblem(fieldsOf(rule)?.applyServerSideEncryptionByDefault, `rules[${i}].applyServerSideEncryptionByDefault`) ?? []),
    );
  }
  const inline = resource.props.serverSideEncryptionConfiguration;
  const rule = fieldsOf(inline)?.rule;
  if (isUnknown(inline) || isUnknown(rule) || fieldsOf(rule) === undefined) return [];
  const problem = encryptionProblem(
    fieldsOf(rule)?.applyServerSideEncryptionByDefault,
    "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault",
  );
  return problem === undefined ? [] : [problem];
}

const bucketConfig = z.strictObject({ exemptBuckets: namePatterns("Buckets (logical or bucket name; a trailing * matches a prefix) this rule skips.") });
type BucketConfig = z.infer<typeof bucketConfig>;

const exemptBucket = (resource: PolicyResource, config: BucketConfig) => bucketNames(resource).some((n) => matchesPlainName(config.exemptBuckets, n));

/** S3 buckets encrypted by default with a customer-managed key. */
export const awsS3EncryptionCmk: PolicyRule<BucketConfig> = {
  name: "aws-s3-encryption-cmk",
  group: "aws",
  description:
    "Every S3 bucket is encrypted by default with a customer-managed KMS key (a BucketServerSideEncryptionConfiguration, or the bucket's own configuration, with aws:kms and a kmsMasterKeyId that is not an AWS-managed alias).",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: bucketConfig,
  appliesTo: (r) => isBucket(r) || ENCRYPTION_TYPES.has(r.type),
  check(resource, config, context) {
    if (ENCRYPTION_TYPES.has(resource.type)) return encryptionProblems(resource);
    if (exemptBucket(resource, config)) return [];
    const inline = encryptionProblems(resource);
    if (fieldsOf(resource.props.serverSideEncryptionConfiguration) !== undefined || isUnknown(resource.props.serverSideEncryptionConfiguration)) return inline;
    const { found, undecidable } = configurationsOf(resource, ENCRYPTION_TYPES, context);
    if (found.length > 0 || undecidable) return [];
    return [
      {
        path: "",
        message: "the bucket has no default encryption configuration with a customer-managed KMS key",
        fix: "add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm aws:kms and kmsMasterKeyId of a customer-managed key",
      },
    ];
  },
};

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** What a public access block leaves open. */
function publicAccessProblems(block: PolicyResource): Violation[] {
  return PUBLIC_ACCESS_FLAGS.filter((flag) => !isUnknown(block.props[flag]) && block.props[flag] !== true).map((flag) => ({
    path: flag,
    message: `${flag} is not true: public access to the bucket is not fully blocked`,
    fix: `set ${flag}: true`,
  }));
}

/** Public access blocked on every bucket. */
export const awsS3PublicAccessBlocked: PolicyRule<BucketConfig> = {
  name: "aws-s3-public-access-blocked",
  group: "aws",
  description: "Every S3 bucket has a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: bucketConfig,
  appliesTo: (r) => isBucket(r) || r.type === PUBLIC_ACCESS_BLOCK_TYPE,
  check(resource, config, context) {
    if (resource.type === PUBLIC_ACCESS_BLOCK_TYPE) return publicAccessProblems(resource);
    if (exemptBucket(resource, config)) return [];
    const { found, undecidable } = configurationsOf(resource, new Set([PUBLIC_ACCESS_BLOCK_TYPE]), context);
    if (found.length > 0 || undecidable) return [];
    return [
      { path: "", message: "the bucket has no public access block", fix: "add an aws.s3.BucketPublicAccessBlock for the bucket with all four flags true" },
    ];
  },
};

const secretConfig = z.strictObject({
  exemptSecrets: namePatterns("Secrets Manager secrets (logical or secret name; a trailing * matches a prefix) this rule skips."),
});

/** Secrets Manager secrets encrypted with a customer-managed key. */
export const awsSecretEncryptionCmk: PolicyRule<z.infer<typeof secretConfig>> = {
  name: "aws-secret-encryption-cmk",
  group: "aws",
  description: "Every Secrets Manager secret names a customer-managed KMS key (kmsKeyId), not the AWS-managed aws/secretsmanager key used when it is absent.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: secretConfig,
  appliesTo: (r) => r.type === SECRET_TYPE,
  check(resource, config) {
    const names = [resource.name, ...(typeof resource.props.name === "string" ? [resource.props.name] : [])];
    if (names.some((n) => matchesPlainName(config.exemptSecrets, n))) return [];
    const key = resource.props.kmsKeyId;
    if (isUnknown(key)) return [];
    if (typeof key !== "string" || key === "") {
      return [
        {
          path: "kmsKeyId",
          message: "the secret is encrypted with the AWS-managed aws/secretsmanager key",
          fix: "set kmsKeyId to the ARN of a customer-managed KMS key",
        },
      ];
    }
    if (isAwsManagedKey(key)) return [{ path: "kmsKeyId", message: `key ${key} is AWS-managed`, fix: "set kmsKeyId to the ARN of a customer-managed KMS key" }];
    return [];
  },
};

const rotationConfig = z.strictObject({});

/** Yearly (or more frequent) rotation of customer-managed keys. */
export const awsKmsKeyRotation: PolicyRule<z.infer<typeof rotationConfig>> = {
  name: "aws-kms-key-rotation",
  group: "aws",
  description: "Every symmetric customer-managed KMS key has automatic rotation enabled (enableKeyRotation: true).",
  enforcementLevel: "advisory",
  scope: "resource",
  config: rotationConfig,
  appliesTo: (r) => r.type === KMS_KEY_TYPE,
  check(resource) {
    const props: Fields = resource.props;
    const spec = props.customerMasterKeySpec ?? props.keySpec;
    if (isUnknown(props.enableKeyRotation) || isUnknown(spec)) return [];
    // Only symmetric encryption keys can rotate automatically.
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") return [];
    if (props.enableKeyRotation === true) return [];
    return [{ path: "enableKeyRotation", message: "automatic key rotation is off", fix: "set enableKeyRotation: true" }];
  },
};

/** The rules of the aws group. */
export const awsRules: readonly PolicyRule[] = [awsS3EncryptionCmk, awsS3PublicAccessBlocked, awsSecretEncryptionCmk, awsKmsKeyRotation] as PolicyRule[];
