/** The resolved settings of the secrets concern, and the pure resolve step that fills them from the configuration. */
import { catalogNamespaces } from "../../core/catalog";
import { operatorDestinations } from "../../core/cluster-ranges";
import { installsRelease } from "../../core/config/charts";
import type { PlatformConfig } from "../../core/config/platform";
import { imageScannerNamespace, type RegistryPullSecretInput } from "../../core/registry-pull-secret";
import { hostedRegistryCredentials, type HostedRegistryInput } from "../../core/hosted-registry";
import type { AwsSecretsBackendArgs } from "./aws-backend";
import type { DeliveryPlanInput } from "./delivery-plan";
import type { ExternalSecretsOperatorArgs } from "./external-secrets";
import type { SealedSecretsArgs } from "./sealed-secrets";
import type { SecretsConfig } from "./schema";
import type { VaultBackendArgs } from "./vault-backend";
import type { MysqlEngineSettings } from "./vault-database";

/**
 * What the secrets concern reads: the platform-wide keys, its own `secrets` section, where trivy-operator runs (it gets
 * the registry pull secret) and the stack's own registry (Harbor gets its credentials).
 */
export type SecretsFeatureConfig = PlatformConfig & { secrets: SecretsConfig } & Pick<RegistryPullSecretInput, "scanning"> &
  Pick<HostedRegistryInput, "registry">;

/** The AWS backend this stack creates (KMS key, JWT secret, IRSA roles); the store scopes come from the delivery plan. */
export type AwsBackendSettings = Omit<AwsSecretsBackendArgs, "scopes" | "provider">;

/** The Vault backend this stack creates (KV mount, kubernetes auth, policies and roles); the scopes come from the plan. */
export type VaultBackendSettings = Omit<VaultBackendArgs, "scopes" | "provider">;

/** The operator, Reloader, stores and ExternalSecrets; the plan, namespaces and IRSA role ARNs are wired in by the component. */
export type OperatorSettings = Omit<ExternalSecretsOperatorArgs, "plan" | "namespaces" | "irsaRoleArns">;

/** Where the stores' IRSA roles are when another stack manages them: named as this stack would name them. */
export interface ExternalStoreRoles {
  /** IAM OIDC provider of the cluster (its account holds the roles). */
  oidcProviderArn: string;
  /** Cluster name, the prefix of the role names. */
  clusterName: string;
}

/** External Secrets as this stack deploys it. */
export interface ResolvedExternalSecrets {
  /** What the delivery plan is derived from: the environment, the catalog and the backend choices of `secrets`. */
  delivery: DeliveryPlanInput;
  /** The AWS backend, when `secrets.aws` is set and the stack may use AWS (capabilities.aws); undefined otherwise. */
  awsBackend: AwsBackendSettings | undefined;
  /** The IRSA roles of the AWS stores when this stack does not create them (no AWS backend here) and the cluster names an OIDC provider. */
  externalStoreRoles: ExternalStoreRoles | undefined;
  /** The Vault backend, when `secrets.vault` is set and the stack may use Vault (capabilities.vault); undefined otherwise. */
  vaultBackend: VaultBackendSettings | undefined;
  /**
   * The operator's namespace with the releases installed there: External Secrets and every custom resource of its CRDs
   * (`installOperator`), Reloader with rotation (`installReloader`); undefined when neither is installed.
   */
  operator: OperatorSettings | undefined;
}

/** What {@link SecretsManagement} is built from. */
export interface ResolvedSecrets {
  /** External Secrets (features.externalSecrets); undefined when off. */
  externalSecrets: ResolvedExternalSecrets | undefined;
  /**
   * Sealed Secrets with our own sealing keys (features.sealedSecrets); undefined when off. Whether its namespace needs
   * its own isolation policy is known only with the declared namespaces (the component decides).
   */
  sealedSecrets: Omit<SealedSecretsArgs, "isolationPolicy"> | undefined;
}

/** The secrets settings, or undefined when neither External Secrets nor Sealed Secrets is on. */
export function resolveSecrets(config: SecretsFeatureConfig): ResolvedSecrets | undefined {
  if (!config.features.externalSecrets && !config.features.sealedSecrets) return undefined;
  return {
    externalSecrets: config.features.externalSecrets ? resolveExternalSecrets(config) : undefined,
    sealedSecrets: config.features.sealedSecrets ? resolveSealedSecrets(config) : undefined,
  };
}

function resolveExternalSecrets(config: SecretsFeatureConfig): ResolvedExternalSecrets {
  const { secrets, cluster, capabilities } = config;
  const installOperator = installsRelease(config, "external-secrets");
  const installReloader = secrets.rotation && installsRelease(config, "reloader");
  // The checks refuse AWS resources without an OIDC provider (they need an EKS cluster, which must name one).
  const oidcProviderArn = cluster.oidcProviderArn;
  const awsBackend: AwsBackendSettings | undefined =
    secrets.aws && capabilities.aws && oidcProviderArn
      ? {
          environment: config.environment,
          clusterName: cluster.name,
          oidcProviderArn,
          region: secrets.aws.region,
          storeServiceAccount: secrets.storeServiceAccount,
          jwtSigningKeySecretName: secrets.aws.jwtSigningKeySecretName,
          jwtPublicKeySecretName: secrets.aws.jwtPublicKeySecretName,
          jwtPublicKeyProperty: config.naming.jwtSecretKey,
          // A Pulumi secret once the program runs (platform/config/load.ts); generated when the stack sets none.
          jwtSigningKey: config.credentials.jwtSigningKey,
          jwtAlgorithm: secrets.aws.jwtAlgorithm,
          kmsDeletionWindowDays: secrets.aws.kmsDeletionWindowDays,
          kmsRotationPeriodDays: secrets.aws.kmsRotationPeriodDays,
          recoveryWindowDays: secrets.aws.recoveryWindowDays,
          protect: config.protect,
          keyAdministrators: cluster.kmsKeyAdministrators ?? [],
        }
      : undefined;
  return {
    delivery: {
      environment: config.environment,
      catalog: config.catalog,
      secrets,
      imageScannerNamespace: imageScannerNamespace(config),
      hostedRegistry: hostedRegistryCredentials(config),
    },
    awsBackend,
    externalStoreRoles: !awsBackend && oidcProviderArn ? { oidcProviderArn, clusterName: cluster.name } : undefined,
    vaultBackend:
      secrets.vault && capabilities.vault
        ? {
            environment: config.environment,
            kvMount: secrets.vault.kvMount,
            authMount: secrets.vault.authMount,
            rolePrefix: secrets.vault.role,
            audience: secrets.vault.audience,
            kubernetesHost: secrets.vault.kubernetesHost,
            kubernetesCaCert: secrets.vault.kubernetesCaCert,
            tokenTtlSeconds: secrets.vault.tokenTtlSeconds,
            storeServiceAccount: secrets.storeServiceAccount,
            protect: config.protect,
            mysql: mysqlEngineOf(config),
          }
        : undefined,
    // Stores and ExternalSecrets are custom resources of the operator's CRDs: without the release there are none.
    operator:
      installOperator || installReloader
        ? {
            installOperator,
            installReloader,
            settings: secrets,
            appNamespaces: catalogNamespaces(config),
            charts: config.charts,
            podCidrs: cluster.podCidrs,
            destinations: operatorDestinations(config),
            network: { dns: config.network.dns, monitoring: config.network.monitoring },
            registryMirror: config.images.registryMirror,
          }
        : undefined,
  };
}

/** The database engine of `secrets.vault.mysqlDynamicCredentials`, each server found in the catalog (the checks require it). */
function mysqlEngineOf(config: SecretsFeatureConfig): MysqlEngineSettings | undefined {
  const dynamic = config.secrets.vault?.mysqlDynamicCredentials;
  if (!dynamic) return undefined;
  const names = [...new Set(Object.values(dynamic.secrets).map((s) => s.server))];
  const servers = names.flatMap((name) =>
    config.catalog
      .filter((s) => s.name === name)
      .flatMap((s) => s.ports.filter((p) => p.name === "mysql").map((p) => ({ name, host: `${s.name}.${s.namespace}.svc`, port: p.port }))),
  );
  return { ...dynamic, servers };
}

function resolveSealedSecrets(config: SecretsFeatureConfig): Omit<SealedSecretsArgs, "isolationPolicy"> {
  const sealed = config.secrets.sealedSecrets;
  return {
    namespace: sealed.namespace,
    keyGenerations: sealed.keyGenerations,
    rsaBits: sealed.rsaBits,
    certificateValidityHours: sealed.certificateValidityHours,
    keyRenewPeriod: sealed.keyRenewPeriod,
    serviceMonitor: sealed.serviceMonitor,
    resources: sealed.resources,
    createKeys: config.capabilities.tls,
    installController: installsRelease(config, "sealed-secrets"),
    charts: config.charts,
    registryMirror: config.images.registryMirror,
    network: { podCidrs: config.cluster.podCidrs, destinations: operatorDestinations(config), dns: config.network.dns, monitoring: config.network.monitoring },
  };
}
