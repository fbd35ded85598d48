/**
 * Key policies of the platform's customer-managed KMS keys (backup, secrets, log archive). A key created without one
 * gets AWS's default policy, which trusts the account root: every IAM principal of the account whose identity policy
 * allows `kms:*` may then decrypt the backups or the secrets. These policies name instead who administers the key
 * (manages it, never uses it), which roles use it and only through which AWS service, and which AWS service
 * principals may use it on their own, limited to this account and to the resource they act for. Pure: no Pulumi.
 */

/** One statement of a key policy. */
export interface KeyPolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { AWS: string[] } | { Service: string };
  Action: string[];
  Resource: "*";
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A key policy document. */
export interface KeyPolicyDocument {
  Version: "2012-10-17";
  Statement: KeyPolicyStatement[];
}

/**
 * What administering a key takes (describe, tag, rotate, change the policy, schedule or cancel deletion, aliases), and
 * nothing that encrypts, decrypts or grants: an administrator cannot read what the key protects.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:PutKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:RotateKeyOnDemand",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
] as const;

/** The actions of a key's users: envelope encryption of what an AWS service stores for them. */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** Principals that use the key, only through the AWS services named (`kms:ViaService`). */
export interface KeyUser {
  /** Statement ID (what the principals are, e.g. `VeleroThroughS3`). */
  sid: string;
  /** IAM role or user ARNs. */
  principals: readonly string[];
  /** Actions, a subset of {@link KEY_USE_ACTIONS}. */
  actions: readonly string[];
  /** Service endpoints the calls must come through (`s3.eu-west-1.amazonaws.com`, see {@link viaService}). */
  viaServices: readonly string[];
  /** Encryption-context values (StringLike) the calls must carry: limits S3 use to some buckets (`kms:EncryptionContext:aws:s3:arn`). */
  encryptionContext?: Readonly<Record<string, string | readonly string[]>>;
}

/** An AWS service principal that uses the key itself (S3 server access log delivery), for this account and resource only. */
export interface KeyServiceUser {
  /** Statement ID. */
  sid: string;
  /** Service principal (`logging.s3.amazonaws.com`). */
  service: string;
  /** Actions, a subset of {@link KEY_USE_ACTIONS}. */
  actions: readonly string[];
  /** The account the service acts for (`aws:SourceAccount`). */
  sourceAccount: string;
  /** The resources it acts for (`aws:SourceArn`). */
  sourceArns: readonly string[];
}

/** What a key policy is built from. */
export interface KeyPolicyInput {
  /** Principals that administer the key (at least one: the identity that creates it, or AWS refuses the policy). */
  administrators: readonly string[];
  /** Principals that use it through AWS services. */
  users: readonly KeyUser[];
  /** AWS service principals that use it themselves. */
  services?: readonly KeyServiceUser[];
}

/** The `kms:ViaService` value of an AWS service in a region (`s3.eu-west-1.amazonaws.com`). */
export function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

const usable = new Set<string>(KEY_USE_ACTIONS);

/** The key policy: administrators, users through services, and service principals; never the account root or `*`. */
export function kmsKeyPolicy(input: KeyPolicyInput): KeyPolicyDocument {
  if (input.administrators.length === 0) throw new Error("a key policy needs at least one administrator, or nobody can manage the key");
  const principals = [...input.administrators, ...input.users.flatMap((u) => u.principals)];
  const broad = principals.find((p) => p === "*" || /^arn:aws:iam::[0-9]{12}:root$/.test(p) || /^[0-9]{12}$/.test(p));
  if (broad) throw new Error(`key policy principal ${broad} is the whole account: name the roles instead`);
  for (const action of [...input.users, ...(input.services ?? [])].flatMap((u) => u.actions)) {
    if (!usable.has(action)) throw new Error(`${action} is not a key use action (${KEY_USE_ACTIONS.join(", ")})`);
  }
  const statements: KeyPolicyStatement[] = [
    {
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: [...new Set(input.administrators)] },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: "*",
    },
  ];
  for (const user of input.users) {
    if (user.viaServices.length === 0) throw new Error(`${user.sid}: a key user must go through an AWS service (kms:ViaService)`);
    statements.push({
      Sid: user.sid,
      Effect: "Allow",
      Principal: { AWS: [...new Set(user.principals)] },
      Action: [...user.actions],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": [...user.viaServices] },
        ...(user.encryptionContext
          ? {
              StringLike: Object.fromEntries(
                Object.entries(user.encryptionContext).map(([k, v]) => [`kms:EncryptionContext:${k}`, typeof v === "string" ? v : [...v]]),
              ),
            }
          : {}),
      },
    });
  }
  for (const service of input.services ?? []) {
    statements.push({
      Sid: service.sid,
      Effect: "Allow",
      Principal: { Service: service.service },
      Action: [...service.actions],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": service.sourceAccount }, ArnLike: { "aws:SourceArn": [...service.sourceArns] } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
