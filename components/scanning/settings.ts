/**
 * The scanning concern's resolved settings: the `scanning` section after its defaults, whether trivy-operator is
 * installed and scraped (`scanning.serviceMonitor`, else whether alerting is rendered, through core/monitoring.ts),
 * the namespaces the image scan covers and the platform facts the component needs. Pure: tested without Pulumi.
 */
import type { SecretCredential } from "../../core/secret-credentials";
import { catalogNamespaces } from "../../core/catalog";
import { installsRelease, type ChartsConfig } from "../../core/config/charts";
import { syncedRegistryPullSecret, type RegistryPullSecretInput } from "../../core/registry-pull-secret";
import type { NetworkConfig } from "../../core/config/network";
import { operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { PlatformConfig } from "../../core/config/platform";
import { alertingRendered, monitoringLabels, type MonitoringInput } from "../../core/monitoring";
import type { ScanningConfig } from "./schema";

/**
 * The configuration the scanning concern reads: the platform-wide keys, its `scanning` section, the alerting facts and
 * the registry pull secret's (through core).
 */
export type ScanningFeatureConfig = PlatformConfig & { scanning: ScanningConfig } & Pick<MonitoringInput, "alerting"> &
  Pick<RegistryPullSecretInput, "secrets">;

/** Everything the Scanning component and its builders need, every default filled. */
export interface ResolvedScanning {
  /** Namespace of trivy-operator and the scan jobs (`scanning.namespace`). */
  namespace: string;
  /** Install trivy-operator (the stack may install Helm releases); the scheduled scans run either way. */
  installOperator: boolean;
  /** Which trivy-operator scanners run (`scanning.scanners`). */
  scanners: ScanningConfig["scanners"];
  /** Severities reported, by trivy-operator and by the scheduled scans. */
  severity: ScanningConfig["severity"];
  /** Hide vulnerabilities without a fix (trivy-operator and the image scan). */
  ignoreUnfixed: boolean;
  /**
   * trivy-operator's ServiceMonitor: enabled when the operator is installed and `scanning.serviceMonitor` says so,
   * by default when alerting (whose trivy alerts read these metrics) is rendered; the labels the operator selects.
   */
  serviceMonitor: { enabled: boolean; labels: Record<string, string> };
  /** When the scheduled image scan of the app namespaces runs (cron). */
  imageScanSchedule: string;
  /** When the daily security-update check runs (cron). */
  updateCheckSchedule: string;
  /** Pinned image of the scan jobs. */
  scannerImage: string;
  /** Requests and limits of the scan job containers. */
  jobResources: ScanningConfig["jobResources"];
  /** Size of the report PVC. */
  reportStorageSize: string;
  /** StorageClass of the report PVC; the cluster default when absent. */
  reportStorageClass?: string;
  /** Days a report file is kept on the PVC. */
  reportRetentionDays: number;
  /** Namespaces the image scan covers: the catalog's, in catalog order. */
  appNamespaces: string[];
  /** URL the scans post their summary to (credential `scanNotificationWebhookUrl`, a Pulumi secret once the program runs); no notification without it. */
  notificationWebhookUrl?: SecretCredential;
  /** Pod network ranges (where no caller of the operator comes from). */
  podCidrs: string[];
  /** Where the operator and the scans may connect outside the cluster: the internet on HTTPS, the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** Cluster DNS (`network.dns`) and the metrics scraper (`network.monitoring`), peers of the operator's NetworkPolicy. */
  network: Pick<NetworkConfig, "dns" | "monitoring">;
  /** The stack's overrides of the trivy-operator chart (`charts.trivy-operator`). */
  chartOverrides: Pick<ChartsConfig, "trivy-operator">;
  /**
   * The registry pull secret the secrets concern syncs into this namespace, when it syncs one: trivy-operator scans
   * the shop's private images with it, by name, having no access to the app namespaces' Secrets.
   */
  registryPullSecret?: string;
  /** `images.registryMirror`: the operator's images, the scanner's and its databases are pulled through it when set. */
  registryMirror: string | undefined;
}

/** The scanning settings, or undefined when `features.scanning` is off. */
export function resolveScanning(config: ScanningFeatureConfig): ResolvedScanning | undefined {
  if (!config.features.scanning) return undefined;
  const scanning = config.scanning;
  const installOperator = installsRelease(config, "trivy-operator");
  const pullSecret = syncedRegistryPullSecret(config);
  return {
    namespace: scanning.namespace,
    installOperator,
    scanners: scanning.scanners,
    severity: scanning.severity,
    ignoreUnfixed: scanning.ignoreUnfixed,
    serviceMonitor: { enabled: installOperator && (scanning.serviceMonitor ?? alertingRendered(config)), labels: monitoringLabels(config) },
    imageScanSchedule: scanning.imageScanSchedule,
    updateCheckSchedule: scanning.updateCheckSchedule,
    scannerImage: scanning.scannerImage,
    jobResources: scanning.jobResources,
    reportStorageSize: scanning.reportStorageSize,
    reportStorageClass: scanning.reportStorageClass,
    reportRetentionDays: scanning.reportRetentionDays,
    appNamespaces: catalogNamespaces(config),
    notificationWebhookUrl: config.credentials.scanNotificationWebhookUrl,
    podCidrs: config.cluster.podCidrs,
    destinations: operatorDestinations(config),
    network: { dns: config.network.dns, monitoring: config.network.monitoring },
    chartOverrides: { "trivy-operator": config.charts["trivy-operator"] },
    registryPullSecret: pullSecret?.scannerNamespace === scanning.namespace ? pullSecret.name : undefined,
    registryMirror: config.images.registryMirror,
  };
}
