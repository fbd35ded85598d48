/** Hardened values of the Velero chart: AWS plugin, IRSA (no static keys), locations, the daily schedule. */
import type { HelmValues } from "../../core/helm-values";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** The AWS object-store and snapshot plugin matching the pinned Velero 1.17 chart. */
export const VELERO_AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.0";
/** ServiceAccount of the Velero server; created by the Backup component with the IRSA role annotation. */
export const VELERO_SERVICE_ACCOUNT = "velero-server";
/** Name of the daily schedule in the chart values; the chart names the Schedule object `velero-<name>`. */
export const DAILY_SCHEDULE = "daily";
/** Name of the backup storage and volume snapshot locations. */
export const LOCATION_NAME = "default";

/** What the values are built from (config `backup` and the derived facts). */
export interface VeleroValuesInput {
  /** The backup bucket. */
  bucketName: string;
  /** Region of the bucket and snapshots. */
  region: string;
  /** Cron of the daily backup. */
  schedule: string;
  /** Namespaces backed up. */
  namespaces: string[];
  /** Backup TTL (Go duration). */
  ttl: string;
  /** Resources left out of the backup. */
  excludedResources: string[];
  /** EBS snapshots of persistent volumes. */
  volumeSnapshots: boolean;
  /** File-system backups through the node agent. */
  fileSystemBackup: boolean;
  /** Requests and limits of the server. */
  resources: { requestsCpu: string; requestsMemory: string; limitsCpu: string; limitsMemory: string };
  /** Metrics scraped through a ServiceMonitor carrying these labels (what the Prometheus selects), or not at all. */
  serviceMonitor: { enabled: boolean; labels: Record<string, string> };
}

/** Port of the Velero server's metrics endpoint (container port `http-monitoring`). */
export const VELERO_METRICS_PORT = 8085;

/** Values for the pinned Velero chart. */
export function veleroValues(v: VeleroValuesInput): HelmValues {
  const container = restrictedContainerSecurityContext();
  const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } };
  return {
    initContainers: [
      {
        name: "velero-plugin-for-aws",
        image: VELERO_AWS_PLUGIN_IMAGE,
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
        securityContext: container,
        resources: small,
      },
    ],
    // A numeric non-root user so the kubelet can verify runAsNonRoot; fsGroup makes the projected IRSA token readable.
    podSecurityContext: restrictedPodSecurityContext(),
    containerSecurityContext: container,
    resources: {
      requests: { cpu: v.resources.requestsCpu, memory: v.resources.requestsMemory },
      limits: { cpu: v.resources.limitsCpu, memory: v.resources.limitsMemory },
    },
    kubectl: { containerSecurityContext: container, resources: small },
    upgradeJobResources: small,
    // IRSA: the role is on the ServiceAccount; no credentials Secret exists.
    credentials: { useSecret: false },
    serviceAccount: { server: { create: false, name: VELERO_SERVICE_ACCOUNT } },
    backupsEnabled: true,
    snapshotsEnabled: v.volumeSnapshots,
    deployNodeAgent: v.fileSystemBackup,
    configuration: {
      backupStorageLocation: [{ name: LOCATION_NAME, provider: "aws", bucket: v.bucketName, default: true, config: { region: v.region } }],
      volumeSnapshotLocation: v.volumeSnapshots ? [{ name: LOCATION_NAME, provider: "aws", config: { region: v.region } }] : [],
      uploaderType: "kopia",
      defaultBackupTTL: v.ttl,
      defaultVolumesToFsBackup: v.fileSystemBackup,
    },
    schedules: {
      [DAILY_SCHEDULE]: {
        disabled: false,
        schedule: v.schedule,
        useOwnerReferencesInBackup: false,
        template: {
          ttl: v.ttl,
          storageLocation: LOCATION_NAME,
          includedNamespaces: v.namespaces,
          excludedResources: v.excludedResources,
          snapshotVolumes: v.volumeSnapshots,
          ...(v.volumeSnapshots ? { volumeSnapshotLocations: [LOCATION_NAME] } : {}),
          defaultVolumesToFsBackup: v.fileSystemBackup,
        },
      },
    },
    metrics: { enabled: true, serviceMonitor: { enabled: v.serviceMonitor.enabled, additionalLabels: v.serviceMonitor.labels } },
  };
}
