/**
 * AwsSecretsBackend: the AWS side of the secrets layer. A customer-managed KMS key with rotation, the JWT key pair in
 * Secrets Manager under `/e-commerce/<env>/` (the private key in one secret, for the service that signs; the public key
 * alone in another, for the services that verify, so the internet-facing gateway cannot mint tokens), and per store
 * scope an IRSA role trusted only by that scope's store service account, allowed to read only this environment's
 * secrets and decrypt only with this key.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SecretCredential } from "../../core/secret-credentials";
import * as tls from "@pulumi/tls";
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
  /** Catalog secret name of the JWT private key (the signer's). */
  jwtSigningKeySecretName: string;
  /** Catalog secret name of the JWT public key (the verifiers'). */
  jwtPublicKeySecretName: string;
  /** The property of the public key's document, and so the key of its Secret (`naming.jwtSecretKey`: `JWT_SECRET` by default). */
  jwtPublicKeyProperty: string;
  /** The JWT private key (PEM) as a Pulumi secret (config `jwtSigningKey`); generated when omitted. */
  jwtSigningKey?: SecretCredential;
  /** Algorithm of the generated key pair. */
  jwtAlgorithm: JwtAlgorithm;
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

/** Properties of the JWT secrets' JSON documents (each becomes a key of the Kubernetes Secret). */
export const JWT_PRIVATE_KEY_PROPERTY = "private-key";
export const JWT_PUBLIC_KEY_PROPERTY = "public-key";

/** JWS algorithms of the generated key pair. */
export type JwtAlgorithm = "ES256" | "RS256";

/** The `tls.PrivateKey` arguments of a JWT algorithm: ES256 signs with P-256, RS256 with RSA (3072 bits). */
export function jwtKeyArgs(algorithm: JwtAlgorithm): { algorithm: string; ecdsaCurve?: string; rsaBits?: number } {
  return algorithm === "ES256" ? { algorithm: "ECDSA", ecdsaCurve: "P256" } : { algorithm: "RSA", rsaBits: 3072 };
}

/** KMS key, JWT secret and IRSA roles of the AWS backend. */
export class AwsSecretsBackend extends pulumi.ComponentResource {
  /** ARN of the customer-managed key the environment's secrets are encrypted with. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret holding the JWT private key. */
  readonly jwtSigningKeySecretArn: pulumi.Output<string>;
  /** PEM of the JWT public key (not secret: what verifiers trust). */
  readonly jwtPublicKeyPem: pulumi.Output<string>;
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

    // The JWT key pair: the configured private key (its public half derived), or one generated here.
    let privateKeyPem: pulumi.Output<string>;
    let publicKeyPem: pulumi.Output<string>;
    if (args.jwtSigningKey) {
      privateKeyPem = pulumi.secret(pulumi.output(args.jwtSigningKey));
      publicKeyPem = tls.getPublicKeyOutput({ privateKeyPem }, { parent: this }).publicKeyPem;
    } else {
      const generated = new tls.PrivateKey(`${name}-jwt-signing-key`, jwtKeyArgs(args.jwtAlgorithm), {
        parent: this,
        additionalSecretOutputs: ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"],
      });
      privateKeyPem = pulumi.secret(generated.privateKeyPemPkcs8);
      publicKeyPem = generated.publicKeyPem;
    }
    // JSON documents, so each property becomes a key of the Kubernetes Secret.
    const jwtSecret = (id: string, secretName: string, description: string, document: pulumi.Output<string>) => {
      const secret = new aws.secretsmanager.Secret(
        `${name}-${id}`,
        {
          name: remoteKeyOf("aws", args.environment, secretName),
          description,
          kmsKeyId: key.arn,
          recoveryWindowInDays: args.recoveryWindowDays,
          tags: tagsOf(args.environment),
        },
        stateful,
      );
      new aws.secretsmanager.SecretVersion(`${name}-${id}`, { secretId: secret.id, secretString: document }, inAws);
      return secret;
    };
    const signingSecret = jwtSecret(
      "jwt-signing-key",
      args.jwtSigningKeySecretName,
      "JWT private key of the service that signs tokens (synced into the cluster by External Secrets)",
      pulumi.secret(
        pulumi.all([privateKeyPem, publicKeyPem]).apply(([priv, pub]) => JSON.stringify({ [JWT_PRIVATE_KEY_PROPERTY]: priv, [JWT_PUBLIC_KEY_PROPERTY]: pub })),
      ),
    );
    jwtSecret(
      "jwt-public-key",
      args.jwtPublicKeySecretName,
      "JWT public key the services that verify tokens use (no private key)",
      publicKeyPem.apply((pub) => JSON.stringify({ [args.jwtPublicKeyProperty]: pub })),
    );

    // One read policy per store: the secrets its scope syncs, nothing else of the environment.
    const roleArns = new Map<string, pulumi.Output<string>>();
    for (const { scope, roleName, role } of roles) {
      const secretNames = scope.readable.aws ?? [];
      const readPolicy = new aws.iam.Policy(
        `${name}-${roleName}-read`,
        {
          name: `${roleName}-read`,
          description: `Read ${secretNames.map((n) => remoteKeyOf("aws", args.environment, n)).join(", ")} and decrypt them with their KMS key`,
          policy: pulumi
            .all([account, key.arn])
            .apply(([accountId, kmsKeyArn]) =>
              JSON.stringify(secretsReadPolicy({ region: args.region, accountId, environment: args.environment, kmsKeyArn, secretNames })),
            ),
          tags: tagsOf(args.environment),
        },
        inAws,
      );
      new aws.iam.RolePolicyAttachment(`${name}-${roleName}-read`, { role: role.name, policyArn: readPolicy.arn }, inAws);
      roleArns.set(scopeKey(scope), role.arn);
    }

    this.kmsKeyArn = key.arn;
    this.jwtSigningKeySecretArn = signingSecret.arn;
    this.jwtPublicKeyPem = publicKeyPem;
    this.storeRoleArns = roleArns;
    this.registerOutputs({
      kmsKeyArn: this.kmsKeyArn,
      jwtSigningKeySecretArn: this.jwtSigningKeySecretArn,
      jwtPublicKeyPem: this.jwtPublicKeyPem,
      storeRoleArns: Object.fromEntries(roleArns),
    });
  }
}

function tagsOf(environment: string): Record<string, string> {
  return { environment, "managed-by": "pulumi", "part-of": "ecommerce-security", component: "secrets" };
}
