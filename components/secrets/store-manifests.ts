/**
 * The stores External Secrets reads through, and the identity they authenticate as: in every scope a dedicated
 * service account (no pod runs as it) whose short-lived, audience-bound tokens ESO requests and presents to Vault's
 * kubernetes auth or to AWS STS (IRSA). Pure: the IRSA role ARN is passed in (a Pulumi output in the program).
 */
import { componentLabels } from "../../core/labels";
import { storeNameOf, type StoreScope, type SyncedSecret } from "./delivery-plan";
import { VAULT_GENERATOR } from "./external-secret-manifests";

/** The `secrets` settings the stores need. */
export interface StoreSettings {
  /** Name of the dedicated service account in each scope. */
  storeServiceAccount: string;
  /** Vault connection and auth (when a scope reads from Vault). */
  vault?: { address: string; kvMount: string; authMount: string; role: string; audience: string };
  /** Secrets Manager region (when a scope reads from AWS). */
  aws?: { region: string };
}

/** Name of the Vault role (and of its policy) of a scope: `<prefix>-<namespace>`, or `<prefix>-cluster` for the cluster stores. */
export function vaultRoleNameOf(prefix: string, scope: Pick<StoreScope, "kind" | "namespace">): string {
  return scope.kind === "ClusterSecretStore" ? `${prefix}-cluster` : `${prefix}-${scope.namespace}`;
}

/** The annotation IRSA reads the role to assume from. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/** The STS audience IRSA tokens carry (and the trust policy requires). */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** The dedicated service account of a scope; annotated with its IRSA role when the scope reads from AWS. */
export function storeServiceAccountManifest<Arn>(
  scope: Pick<StoreScope, "namespace">,
  settings: Pick<StoreSettings, "storeServiceAccount">,
  irsaRoleArn?: Arn,
) {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: settings.storeServiceAccount,
      namespace: scope.namespace,
      labels: componentLabels("secrets"),
      ...(irsaRoleArn === undefined ? {} : { annotations: { [IRSA_ROLE_ANNOTATION]: irsaRoleArn } }),
    },
    // Only ESO mints tokens for it (TokenRequest with an audience); nothing mounts one.
    automountServiceAccountToken: false,
  };
}

/**
 * Vault reviews the stores' tokens with the tokens themselves (no long-lived reviewer JWT is stored anywhere),
 * so each store service account needs the TokenReview right of `system:auth-delegator`.
 */
export function tokenReviewBindingManifest(scopes: readonly Pick<StoreScope, "namespace">[], settings: Pick<StoreSettings, "storeServiceAccount">) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: `${settings.storeServiceAccount}-vault-token-review`, labels: componentLabels("secrets") },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
    subjects: scopes.map((s) => ({ kind: "ServiceAccount", name: settings.storeServiceAccount, namespace: s.namespace })),
  };
}

/** The service account reference of a store: a ClusterSecretStore must name the namespace of its account. */
function serviceAccountRef(scope: Pick<StoreScope, "kind" | "namespace">, settings: StoreSettings, audiences?: string[]) {
  return {
    name: settings.storeServiceAccount,
    ...(scope.kind === "ClusterSecretStore" ? { namespace: scope.namespace } : {}),
    ...(audiences ? { audiences } : {}),
  };
}

/**
 * A Vault store: KV v2 at the configured mount, kubernetes auth at the configured mount with the scope's role,
 * presenting the dedicated service account's token issued for the configured audience.
 */
export function vaultStoreManifest(scope: Pick<StoreScope, "kind" | "namespace">, settings: StoreSettings, appNamespaces: readonly string[]) {
  const v = settings.vault;
  if (!v) throw new Error("secrets.vault: is required for a Vault store");
  return storeManifest(scope, "vault", appNamespaces, {
    vault: {
      server: v.address,
      path: v.kvMount,
      version: "v2",
      auth: {
        kubernetes: {
          mountPath: v.authMount,
          role: vaultRoleNameOf(v.role, scope),
          serviceAccountRef: serviceAccountRef(scope, settings, [v.audience]),
        },
      },
    },
  });
}

/**
 * The generator of a secret Vault's database engine generates (`secrets.vault.mysqlDynamicCredentials`): each read of
 * `<mount>/creds/<role>` is a new MySQL user with its own lease, authenticated like the namespace's Vault store (its
 * role, whose policy may read exactly that path). Its result's `username` and `password` become the Secret's keys.
 */
export function vaultDynamicSecretManifest(secret: Pick<SyncedSecret, "name" | "namespace" | "generated">, settings: StoreSettings) {
  const v = settings.vault;
  if (!v || !secret.generated) throw new Error(`secrets.vault.mysqlDynamicCredentials: ${secret.name} is not a generated Vault secret`);
  return {
    apiVersion: VAULT_GENERATOR.apiVersion,
    kind: VAULT_GENERATOR.kind,
    metadata: { name: secret.name, namespace: secret.namespace, labels: componentLabels("secrets") },
    spec: {
      path: secret.generated.path,
      method: "GET",
      resultType: "Data",
      provider: {
        server: v.address,
        auth: {
          kubernetes: {
            mountPath: v.authMount,
            role: vaultRoleNameOf(v.role, { kind: "SecretStore", namespace: secret.namespace }),
            serviceAccountRef: { name: settings.storeServiceAccount, audiences: [v.audience] },
          },
        },
      },
    },
  };
}

/** An AWS Secrets Manager store in the configured region, authenticating with the dedicated (IRSA) service account's token. */
export function awsStoreManifest(scope: Pick<StoreScope, "kind" | "namespace">, settings: StoreSettings, appNamespaces: readonly string[]) {
  const aws = settings.aws;
  if (!aws) throw new Error("secrets.aws: is required for an AWS store");
  return storeManifest(scope, "aws", appNamespaces, {
    aws: { service: "SecretsManager", region: aws.region, auth: { jwt: { serviceAccountRef: serviceAccountRef(scope, settings) } } },
  });
}

function storeManifest(
  scope: Pick<StoreScope, "kind" | "namespace">,
  backend: "vault" | "aws",
  appNamespaces: readonly string[],
  provider: Record<string, unknown>,
) {
  const cluster = scope.kind === "ClusterSecretStore";
  return {
    apiVersion: "external-secrets.io/v1",
    kind: scope.kind,
    metadata: { name: storeNameOf(backend), ...(cluster ? {} : { namespace: scope.namespace }), labels: componentLabels("secrets") },
    spec: {
      provider,
      // A cluster store serves only the app namespaces, not every namespace of the cluster.
      ...(cluster ? { conditions: [{ namespaces: [...appNamespaces] }] } : {}),
    },
  };
}
