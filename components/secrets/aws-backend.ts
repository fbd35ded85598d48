/**
 * AwsSecretsBackend: the AWS side of the secrets layer. A customer-managed KMS key with rotation, the JWT signing key
 * in Secrets Manager under `/e-commerce/<env>/`, and per store scope an IRSA role trusted only by that scope's store
 * service account, allowed to read only this environment's secrets and decrypt only with this key.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SecretCredential } from "../../core/secret-credentials";
import * as random from "@pulumi/random";
import { irsaTrustPolicy } from "../../core/irsa";
import { remoteKeyOf, secretPathPrefix } from "./backends";
import { scopeKey, type StoreScope } from "./delivery-plan";
import { secretsKeyPolicy, secretsReadPolicy, storeRoleNameOf } from "./iam-policies";
import { keyAdministration } from "../../core/key-administrators";

/** Arguments of {@link AwsSecretsBackend}. */
export interface AwsSecretsBackendArgs {
  /** Environment name: the secrets' prefix `/e-commerce/<environment>/` and part of resource names. */
  environment: string;
  /** Cluster name, the prefix of the IRSA role names. */
  clusterName: string;
  /** IAM OIDC provider of the cluster, trusted by the IRSA roles. */
  oidcProviderArn: string;
  /** Region of the key and the secrets. */
  region: string;
  /** Store scopes with an AWS store: each gets its own IRSA role. */
  scopes: StoreScope[];
  /** The store service account each role trusts (in the scope's namespace). */
  storeServiceAccount: string;
  /** Catalog secret name of the JWT signing key. */
  jwtSecretName: string;
  /** The JWT signing key as a Pulumi secret (config `jwtSigningKey`); generated when omitted. */
  jwtSigningKey?: SecretCredential;
  /** Length of the generated signing key. */
  jwtSigningKeyLength: number;
  /** Days a deleted KMS key waits before deletion. */
  kmsDeletionWindowDays: number;
  /** Days between automatic rotations of the key material. */
  kmsRotationPeriodDays: number;
  /** Days a deleted secret stays restorable. */
  recoveryWindowDays: number;
  /** Protect the key and the secret from deletion (production). */
  protect: boolean;
  /** Who administers the key besides the identity running the update (`cluster.kmsKeyAdministrators`). */
  keyAdministrators: string[];
  /** The AWS provider every resource uses. */
  provider: aws.Provider;
}

/** Property of the JWT secret's JSON document holding the key (becomes the key of the Kubernetes Secret). */
export const JWT_SIGNING_KEY_PROPERTY = "signing-key";

/** KMS key, JWT secret and IRSA roles of the AWS backend. */
export class AwsSecretsBackend extends pulumi.ComponentResource {
  /** ARN of the customer-managed key the environment's secrets are encrypted with. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret holding the JWT signing key. */
  readonly jwtSecretArn: pulumi.Output<string>;
  /** IRSA role ARN per store scope (key: {@link scopeKey}). */
  readonly storeRoleArns: ReadonlyMap<string, pulumi.Output<string>>;

  constructor(name: string, args: AwsSecretsBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:AwsSecretsBackend", name, {}, opts);
    const inAws = { parent: this, provider: args.provider };
    const stateful = { ...inAws, protect: args.protect };

    // The roles exist first: the key policy names them (KMS refuses a policy naming a principal that does not exist).
    const roles = args.scopes.map((scope) => {
      const roleName = storeRoleNameOf(args.clusterName, scope);
      const role = new aws.iam.Role(
        `${name}-${roleName}`,
        {
          name: roleName,
          description: `External Secrets store (${scope.kind} ${scope.namespace}): IRSA for ${scope.namespace}/${args.storeServiceAccount}`,
          assumeRolePolicy: JSON.stringify(irsaTrustPolicy(args.oidcProviderArn, scope.namespace, args.storeServiceAccount)),
          maxSessionDuration: 3600,
          tags: tagsOf(args.environment),
        },
        inAws,
      );
      return { scope, roleName, role };
    });
    const { accountId: account, administrators, deployer } = keyAdministration(args.keyAdministrators, inAws);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Secrets Manager secrets of ${secretPathPrefix(args.environment)}`,
        enableKeyRotation: true,
        rotationPeriodInDays: args.kmsRotationPeriodDays,
        deletionWindowInDays: args.kmsDeletionWindowDays,
        // An explicit policy instead of AWS's default one, which would let every IAM principal of the account use the key.
        policy: pulumi
          .all([administrators, deployer, pulumi.all(roles.map((r) => r.role.arn))])
          .apply(([admins, writer, storeRoleArns]) =>
            JSON.stringify(secretsKeyPolicy({ administrators: admins, secretWriters: [writer], storeRoleArns, region: args.region })),
          ),
        tags: tagsOf(args.environment),
      },
      stateful,
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/e-commerce-${args.environment}-secrets`, targetKeyId: key.keyId }, inAws);

    const jwtSecret = new aws.secretsmanager.Secret(
      `${name}-jwt-signing-key`,
      {
        name: remoteKeyOf("aws", args.environment, args.jwtSecretName),
        description: "JWT signing key of the e-commerce services (synced into the cluster by External Secrets)",
        kmsKeyId: key.arn,
        recoveryWindowInDays: args.recoveryWindowDays,
        tags: tagsOf(args.environment),
      },
      stateful,
    );
    const signingKey =
      args.jwtSigningKey ?? new random.RandomPassword(`${name}-jwt-signing-key`, { length: args.jwtSigningKeyLength, special: false }, { parent: this }).result;
    new aws.secretsmanager.SecretVersion(
      `${name}-jwt-signing-key`,
      // A JSON document, so ExternalSecrets' `dataFrom.extract` turns each property into a key of the Kubernetes Secret.
      { secretId: jwtSecret.id, secretString: pulumi.secret(pulumi.output(signingKey).apply((k) => JSON.stringify({ [JWT_SIGNING_KEY_PROPERTY]: k }))) },
      inAws,
    );

    const readPolicy = new aws.iam.Policy(
      `${name}-read`,
      {
        name: `${args.clusterName}-eso-read-${args.environment}`,
        description: `Read the secrets under /${secretPathPrefix(args.environment)}/ and decrypt them with their KMS key`,
        policy: pulumi
          .all([account, key.arn])
          .apply(([accountId, kmsKeyArn]) => JSON.stringify(secretsReadPolicy({ region: args.region, accountId, environment: args.environment, kmsKeyArn }))),
        tags: tagsOf(args.environment),
      },
      inAws,
    );

    const roleArns = new Map<string, pulumi.Output<string>>();
    for (const { scope, roleName, role } of roles) {
      new aws.iam.RolePolicyAttachment(`${name}-${roleName}-read`, { role: role.name, policyArn: readPolicy.arn }, inAws);
      roleArns.set(scopeKey(scope), role.arn);
    }

    this.kmsKeyArn = key.arn;
    this.jwtSecretArn = jwtSecret.arn;
    this.storeRoleArns = roleArns;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, jwtSecretArn: this.jwtSecretArn, storeRoleArns: Object.fromEntries(roleArns) });
  }
}

function tagsOf(environment: string): Record<string, string> {
  return { environment, "managed-by": "pulumi", "part-of": "ecommerce-security", component: "secrets" };
}
