/** The backup concern: Velero on an encrypted, versioned S3 bucket with a daily schedule. */
import type { ConfigIssue } from "../../core/config/errors";
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Backup } from "./component";
import { backupSchema, type BackupConfig } from "./schema";

function backupIssues(c: StackConfig): ConfigIssue[] {
  if (!c.features.backup) return [];
  if (!c.backup) return [{ key: "backup", message: "is required when features.backup is on (at least backup.region)" }];
  const issues: ConfigIssue[] = [];
  if (c.cluster.flavor !== "eks" && c.capabilities.aws) {
    issues.push({ key: "cluster.flavor", message: "IRSA needs an EKS cluster: set cluster.flavor to eks, or turn off features.awsResources" });
  }
  const known = new Set(c.catalog.map((s) => s.namespace));
  c.backup.namespaces?.forEach((ns: string, i: number) => {
    if (!known.has(ns)) issues.push({ key: `backup.namespaces[${i}]`, value: ns, message: `is not a namespace of the service catalog; known: ${[...known].join(", ")}` });
  });
  return issues;
}

type BackupSettings = { config: StackConfig; backup: NonNullable<BackupConfig> };

export const backupFeature: Feature<StackConfig, BackupSettings> & { readonly sections: { backup: typeof backupSchema } } = {
  name: "backup",
  switches: { backup: { description: "Velero, its encrypted bucket and the schedules.", default: true } },
  sections: { backup: backupSchema },
  checks: backupIssues,
  resolve: (c: StackConfig) => (c.features.backup && c.backup ? { config: c, backup: c.backup } : undefined),
  namespaces: ({ config, backup }) =>
    config.capabilities.helm
      ? [
          {
            name: backup.namespace,
            purpose: "Velero backups",
            // The node agent mounts pod volumes through hostPath as root to read them; the server alone runs restricted.
            podSecurityNeed: backup.fileSystemBackup
              ? {
                  level: "privileged" as const,
                  reason:
                    "backup.fileSystemBackup is on: Velero's node agent DaemonSet runs as root and mounts /var/lib/kubelet/pods and /var/lib/kubelet/plugins through hostPath volumes",
                }
              : undefined,
          },
        ]
      : [],
  create: ({ config, backup }, handles, opts) => ({
    component: new Backup(
      "backup",
      {
        ctx: legacyContext(config, handles),
        backup,
        namespaces: backup.namespaces ?? [...new Set(config.catalog.map((s) => s.namespace))],
        createAwsResources: config.capabilities.aws && !!handles.aws,
        installVelero: config.capabilities.helm,
        protect: config.protect,
      },
      opts,
    ),
  }),
};
