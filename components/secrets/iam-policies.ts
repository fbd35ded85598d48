/**
 * IAM documents of the AWS backend: each store's read policy (only the secrets that store syncs, decrypt only with
 * our key and only through Secrets Manager) and the names of the IRSA roles.
 */
import { remoteKeyOf } from "./backends";
import { kmsKeyPolicy, viaService, type KeyPolicyDocument } from "../../core/kms-key-policy";

/** The Secrets Manager actions a store needs to read a secret (ESO calls GetSecretValue, DescribeSecret for metadata). */
export const SECRETS_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;

/**
 * ARN pattern of one catalog secret of the environment: Secrets Manager appends `-` and six random characters to a
 * secret's name in its ARN, so `-??????` matches exactly that secret and no other whose name merely starts the same.
 */
export function secretArnPattern(region: string, accountId: string, environment: string, secretName: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${remoteKeyOf("aws", environment, secretName)}-??????`;
}

/** What the read policy is built from. */
export interface SecretsReadPolicyInput {
  /** Region of the secrets and the key. */
  region: string;
  /** Account holding them. */
  accountId: string;
  /** Environment name (the secrets' prefix). */
  environment: string;
  /** ARN of the customer-managed KMS key the secrets are encrypted with. */
  kmsKeyArn: string;
  /** The catalog secrets the store syncs from AWS: the only ones it may read. */
  secretNames: readonly string[];
}

/**
 * Least-privilege policy of one store role: read exactly the secrets its scope syncs (so the namespace holding the
 * JWT private key's reader is the only one that can fetch it), and decrypt with our key through Secrets Manager only.
 */
export function secretsReadPolicy(p: SecretsReadPolicyInput) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadSyncedSecrets",
        Effect: "Allow",
        Action: [...SECRETS_READ_ACTIONS],
        Resource: [...new Set(p.secretNames)].sort().map((n) => secretArnPattern(p.region, p.accountId, p.environment, n)),
      },
      {
        Sid: "DecryptWithSecretsKey",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: p.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${p.region}.amazonaws.com` } },
      },
    ],
  };
}

/** What the secrets key's policy is built from. */
export interface SecretsKeyPolicyInput {
  /** Who administers the key (the deploying identity and `cluster.kmsKeyAdministrators`). */
  administrators: readonly string[];
  /** Who writes the secrets' values (the deploying identity: the JWT signing key's version). */
  secretWriters: readonly string[];
  /** The stores' IRSA roles. */
  storeRoleArns: readonly string[];
  /** Region of Secrets Manager. */
  region: string;
}

/**
 * The secrets key's policy: the administrators manage it; the deploying identity writes (and reads back) secret values
 * through Secrets Manager; the stores' roles decrypt through Secrets Manager only. No one may use it directly.
 */
export function secretsKeyPolicy(p: SecretsKeyPolicyInput): KeyPolicyDocument {
  const secretsManager = viaService("secretsmanager", p.region);
  return kmsKeyPolicy({
    administrators: p.administrators,
    users: [
      {
        sid: "WriteSecretValuesThroughSecretsManager",
        principals: p.secretWriters,
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        viaServices: [secretsManager],
      },
      ...(p.storeRoleArns.length > 0
        ? [{ sid: "StoresDecryptThroughSecretsManager", principals: p.storeRoleArns, actions: ["kms:Decrypt"], viaServices: [secretsManager] }]
        : []),
    ],
  });
}

/** IAM role names are at most 64 characters. */
const MAX_ROLE_NAME = 64;

/** Name of a scope's IRSA role: `<cluster>-eso-<namespace>` (or `-cluster` for the cluster stores). */
export function storeRoleNameOf(clusterName: string, scope: { kind: "SecretStore" | "ClusterSecretStore"; namespace: string }): string {
  return `${clusterName}-eso-${scope.kind === "ClusterSecretStore" ? "cluster" : scope.namespace}`;
}

/** Why IAM would refuse a role name (longer than IAM allows), or undefined when it accepts it. */
export function roleNameProblem(name: string): string | undefined {
  return name.length > MAX_ROLE_NAME
    ? `IRSA role name "${name}" is ${name.length} characters; IAM allows ${MAX_ROLE_NAME}: shorten the cluster or namespace name`
    : undefined;
}

/** The account of an IAM ARN (`arn:aws:iam::<account>:...`). */
export function accountIdOf(arn: string): string {
  const account = arn.split(":")[4];
  if (!/^[0-9]{12}$/.test(account ?? "")) throw new Error(`not an ARN with an account id: ${arn}`);
  return account;
}

/** The ARN a store role has in the cluster's account: what the service account names when the role is managed outside this stack. */
export function storeRoleArnOf(oidcProviderArn: string, roleName: string): string {
  return `arn:aws:iam::${accountIdOf(oidcProviderArn)}:role/${roleName}`;
}
