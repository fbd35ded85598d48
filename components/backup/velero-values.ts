/**
 * Hardened values of the Velero chart: AWS plugin, IRSA (no static keys), locations, the daily schedule, no RBAC of
 * the chart's own (rbac.ts grants what backup and restore need), every image pinned and pulled through the mirror.
 */
import { VELERO_SERVER_IMAGE } from "../../core/app-namespace-images";
import { imageReference, kubectlImage, repositoryThrough, type PinnedImage, type RegistryMirror } from "../../core/chart-images";
import type { HelmValues } from "../../core/helm-values";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { VELERO_RELEASE } from "./names";
import { includedResources } from "./rbac";

/** The AWS object-store and snapshot plugin for Velero 1.18 (the pinned chart's app version): the 1.14 line. */
export const VELERO_AWS_PLUGIN_IMAGE: PinnedImage = { repository: "docker.io/velero/velero-plugin-for-aws", tag: "v1.14.0" };
/** Velero's own image (tag: the chart's default, its app version); it also runs in app namespaces as the restore helper. */
const VELERO_IMAGE = VELERO_SERVER_IMAGE;
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
  /** Velero is bound to cluster-admin (`backup.clusterAdmin`): the schedule may back up every kind. */
  clusterAdmin: boolean;
  /** `images.registryMirror`: every image is pulled through it when set. */
  registryMirror: RegistryMirror;
  /** The cluster's Kubernetes version (the hook jobs' kubectl). */
  kubernetesVersion: string;
}

/** Port of the Velero server's metrics endpoint (container port `http-monitoring`). */
export const VELERO_METRICS_PORT = 8085;

/** The labels the chart puts on the server's pods only (the node agent's are `name: node-agent`). */
export const VELERO_SERVER_POD_LABELS = { name: "velero", "app.kubernetes.io/instance": VELERO_RELEASE };

/** Values for the pinned Velero chart. */
export function veleroValues(v: VeleroValuesInput): HelmValues {
  const container = restrictedContainerSecurityContext();
  const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } };
  const kubectl = kubectlImage(v.kubernetesVersion);
  return {
    image: { repository: repositoryThrough(VELERO_IMAGE, v.registryMirror) },
    // The chart's RBAC is cluster-admin plus every verb on every resource of the namespace: neither is created; the
    // Backup component creates the scoped roles (rbac.ts), or the cluster-admin binding a stack opted into.
    rbac: { create: false, clusterAdministrator: false },
    initContainers: [
      {
        name: "velero-plugin-for-aws",
        image: imageReference(VELERO_AWS_PLUGIN_IMAGE, v.registryMirror),
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
    // The CRD-cleanup and namespace-label hooks' kubectl: the chart would take the version the API server reports.
    kubectl: {
      image: { repository: repositoryThrough(kubectl.repository, v.registryMirror), tag: kubectl.tag },
      containerSecurityContext: container,
      resources: small,
    },
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
          // Exactly the kinds Velero's scoped roles let it read and restore (with cluster-admin: every kind).
          ...(v.clusterAdmin ? {} : { includedResources: includedResources() }),
          excludedResources: v.excludedResources,
          snapshotVolumes: v.volumeSnapshots,
          ...(v.volumeSnapshots ? { volumeSnapshotLocations: [LOCATION_NAME] } : {}),
          defaultVolumesToFsBackup: v.fileSystemBackup,
        },
      },
    },
    // autodetect off: the ServiceMonitor is created when asked for (its CRD is a documented prerequisite), rather than
    // silently left out when the API server that renders the chart does not list monitoring.coreos.com/v1.
    metrics: { enabled: true, serviceMonitor: { enabled: v.serviceMonitor.enabled, autodetect: false, additionalLabels: v.serviceMonitor.labels } },
  };
}
