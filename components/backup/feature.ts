/** The backup concern: Velero on an encrypted, versioned S3 bucket with a daily schedule. */
import type { Feature } from "../../core/feature";
import { backupIssues } from "./checks";
import { Backup } from "./component";
import { veleroPolicyExceptions } from "./rbac";
import { backupSchema } from "./schema";
import { resolveBackup, type BackupFeatureConfig, type ResolvedBackup } from "./settings";

export const backupFeature: Feature<BackupFeatureConfig, ResolvedBackup> & { readonly sections: { backup: typeof backupSchema } } = {
  name: "backup",
  switches: { backup: { description: "Velero, its encrypted bucket and the schedules.", default: true } },
  sections: { backup: backupSchema },
  checks: backupIssues,
  resolve: resolveBackup,
  namespaces: (settings) =>
    settings.installVelero
      ? [
          {
            name: settings.namespace,
            purpose: "Velero backups",
            // The node agent mounts pod volumes through hostPath as root to read them; the server alone runs restricted.
            podSecurityNeed: settings.fileSystemBackup
              ? {
                  level: "privileged" as const,
                  reason:
                    "backup.fileSystemBackup is on: Velero's node agent DaemonSet runs as root and mounts /var/lib/kubelet/pods and /var/lib/kubelet/plugins through hostPath volumes",
                }
              : undefined,
          },
        ]
      : [],
  policyExceptions: (settings) =>
    settings.installVelero
      ? veleroPolicyExceptions({ namespace: settings.namespace, backedUpNamespaces: settings.namespaces }, settings.clusterAdminReason)
      : [],
  create: (settings, handles, opts) => ({ component: new Backup("backup", { settings, handles }, opts) }),
};
