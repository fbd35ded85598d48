/**
 * The backup concern's resolved settings: the `backup` section after its defaults (the bucket name, the namespaces
 * backed up), whether Velero is installed and scraped (`backup.serviceMonitor`, else whether alerting is rendered,
 * through core/monitoring.ts), and the AWS storage with what it needs. Pure: tested without Pulumi.
 */
import { platformAwsRegion, type AwsRegionInput } from "../../core/aws-region";
import { catalogNamespaces } from "../../core/catalog";
import { installsRelease, type ChartsConfig } from "../../core/config/charts";
import type { NetworkConfig } from "../../core/config/network";
import { operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { Environment, PlatformConfig } from "../../core/config/platform";
import { alertingRendered, monitoringLabels, type MonitoringInput } from "../../core/monitoring";
import type { BackupConfig } from "./schema";

/** The configuration the backup concern reads: the platform-wide keys, its `backup` section, the AWS region and alerting facts. */
export type BackupFeatureConfig = PlatformConfig & { backup?: BackupConfig } & Pick<AwsRegionInput, "secrets"> & Pick<MonitoringInput, "alerting">;

/** The `backup` section once present. */
type BackupSection = NonNullable<BackupConfig>;

/** The bucket, its KMS key and Velero's IRSA role, made with @pulumi/aws. */
export interface BackupStorageSettings {
  /**
   * Whether the bucket's region (`backup.region`) differs from the platform AWS provider's (`secrets.aws.region`):
   * the component then makes a provider of its own in `backup.region`.
   */
  ownProvider: boolean;
  /** The cluster's IAM OIDC provider, which Velero's role trusts (the checks require it on EKS, the only flavor with AWS). */
  oidcProviderArn: string;
  /** Protect the bucket and the key from deletion (`protectStatefulResources`, default: production). */
  protect: boolean;
  /** Who administers the key besides the identity running the update (`cluster.kmsKeyAdministrators`). */
  keyAdministrators: string[];
  /** Object Lock mode of the bucket (`backup.objectLockMode`); objects are locked for `retentionDays`. */
  objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Days the bucket's server access logs are kept (`backup.accessLogRetentionDays`). */
  accessLogRetentionDays: number;
}

/** Everything the Backup component and its builders need, every default filled. */
export interface ResolvedBackup {
  /** Namespace of Velero (`backup.namespace`). */
  namespace: string;
  /** AWS region of the bucket and snapshots. */
  region: string;
  /** The bucket: `backup.bucketName`, else `<cluster.name>-velero-backups`. */
  bucketName: string;
  /** Days a backup is kept: the schedule's TTL and the bucket's lifecycle expiry. */
  retentionDays: number;
  /** Cron of the daily backup. */
  schedule: string;
  /** Namespaces backed up daily: `backup.namespaces`, else the catalog's namespaces. */
  namespaces: string[];
  /** Resources left out of every backup. */
  excludedResources: string[];
  /** EBS snapshots of persistent volumes through the AWS plugin. */
  volumeSnapshots: boolean;
  /** File-system backups through the node agent. */
  fileSystemBackup: boolean;
  /** Requests and limits of the Velero server. */
  resources: BackupSection["resources"];
  /**
   * Velero's ServiceMonitor: enabled when Velero is installed and `backup.serviceMonitor` says so, by default when
   * alerting (whose backup alerts read these metrics) is rendered; the labels the operator selects.
   */
  serviceMonitor: { enabled: boolean; labels: Record<string, string> };
  /** Install Velero (the stack may install Helm releases). */
  installVelero: boolean;
  /** The bucket, key and role, when the stack may use AWS; absent otherwise (Velero then names the bucket only). */
  storage?: BackupStorageSettings;
  /** Cluster name: the prefix of the role's name and part of the key's description. */
  clusterName: string;
  /** Where the stack runs (the AWS resources' `environment` tag). */
  environment: Environment;
  /** Pod network ranges (where no caller of Velero comes from). */
  podCidrs: string[];
  /** Where Velero may connect outside the cluster: the internet on HTTPS (S3, STS, EC2), the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** Cluster DNS (`network.dns`) and the metrics scraper (`network.monitoring`), peers of Velero's NetworkPolicy. */
  network: Pick<NetworkConfig, "dns" | "monitoring">;
  /** The stack's overrides of the Velero chart (`charts.velero`). */
  chartOverrides: Pick<ChartsConfig, "velero">;
  /** Why the stack binds Velero to cluster-admin (`backup.clusterAdmin.reason`); undefined: the scoped RBAC (rbac.ts). */
  clusterAdminReason?: string;
  /** `images.registryMirror`: Velero's images are pulled through it when set. */
  registryMirror: string | undefined;
  /** The cluster's Kubernetes version: the kubectl of the chart's hook jobs matches it. */
  kubernetesVersion: string;
}

/** The bucket name: `backup.bucketName`, else `<cluster>-velero-backups`. */
export function backupBucketName(clusterName: string, configured?: string): string {
  return configured ?? `${clusterName}-velero-backups`;
}

/**
 * The backup settings, or undefined when the concern is absent: `features.backup` off, no `backup` section, or a
 * configuration its checks refuse (AWS resources without the cluster's OIDC provider).
 */
export function resolveBackup(config: BackupFeatureConfig): ResolvedBackup | undefined {
  const backup = config.backup;
  if (!config.features.backup || !backup) return undefined;
  const oidcProviderArn = config.cluster.oidcProviderArn;
  // AWS resources need an EKS cluster (checks.ts), and EKS needs the OIDC provider (the cluster schema): a
  // configuration without it is refused, and resolved to nothing so every problem is still reported at once.
  if (config.capabilities.aws && !oidcProviderArn) return undefined;
  const installVelero = installsRelease(config, "velero");
  return {
    namespace: backup.namespace,
    region: backup.region,
    bucketName: backupBucketName(config.cluster.name, backup.bucketName),
    retentionDays: backup.retentionDays,
    schedule: backup.schedule,
    namespaces: backup.namespaces ?? catalogNamespaces(config),
    excludedResources: backup.excludedResources,
    volumeSnapshots: backup.volumeSnapshots,
    fileSystemBackup: backup.fileSystemBackup,
    resources: backup.resources,
    serviceMonitor: { enabled: installVelero && (backup.serviceMonitor ?? alertingRendered(config)), labels: monitoringLabels(config) },
    installVelero,
    storage:
      config.capabilities.aws && oidcProviderArn
        ? {
            ownProvider: backup.region !== platformAwsRegion(config),
            oidcProviderArn,
            protect: config.protect,
            keyAdministrators: config.cluster.kmsKeyAdministrators ?? [],
            objectLockMode: backup.objectLockMode,
            accessLogRetentionDays: backup.accessLogRetentionDays,
          }
        : undefined,
    clusterName: config.cluster.name,
    environment: config.environment,
    podCidrs: config.cluster.podCidrs,
    destinations: operatorDestinations(config),
    network: { dns: config.network.dns, monitoring: config.network.monitoring },
    chartOverrides: { velero: config.charts.velero },
    clusterAdminReason: backup.clusterAdmin?.reason,
    registryMirror: config.images.registryMirror,
    kubernetesVersion: config.cluster.kubernetesVersion,
  };
}
