/**
 * The Pod Security level a platform namespace needs because of what the configuration turns on there.
 * Everything not listed here runs at the configured default (restricted); a namespace is only relaxed
 * when a feature that is on really cannot work otherwise, and the reason says which.
 */
import type { PodSecurityLevel } from "../components/namespaces/manifests";

/** The configuration facts that decide a platform namespace's level. */
export interface PodSecurityNeedsInput {
  features: { scanning: boolean; backup: boolean; helmReleases: boolean; logging: boolean };
  logging: { namespace: string };
  scanning: { namespace: string; scanners: { infraAssessment: boolean } };
  backup?: { namespace: string; fileSystemBackup: boolean };
}

/** A level a namespace needs, and why. */
export interface PodSecurityNeed {
  level: PodSecurityLevel;
  reason: string;
}

const permissiveness: Record<PodSecurityLevel, number> = { restricted: 0, baseline: 1, privileged: 2 };

/** The more permissive of two levels. */
export function morePermissive(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return permissiveness[a] >= permissiveness[b] ? a : b;
}

/** Whether `level` admits what `needed` admits. */
export function admits(level: PodSecurityLevel, needed: PodSecurityLevel): boolean {
  return permissiveness[level] >= permissiveness[needed];
}

/**
 * Levels below restricted that enabled features need, by namespace.
 * - trivy-operator's node collector (scanners.infraAssessment) reads kubelet, etcd and CNI configuration through
 *   hostPath volumes and runs in the host PID namespace: both are forbidden from baseline up, so privileged.
 *   Without it, the operator and its scan jobs run restricted (the chart values set restricted contexts).
 * - Fluent Bit (features.logging) reads node log files through hostPath volumes: privileged.
 * - Velero's node agent (fileSystemBackup) mounts /var/lib/kubelet/pods through hostPath as root to read pod
 *   volumes: privileged. The Velero server alone runs restricted.
 */
export function podSecurityNeeds(c: PodSecurityNeedsInput): Map<string, PodSecurityNeed> {
  const needs = new Map<string, PodSecurityNeed>();
  if (c.features.scanning && c.features.helmReleases && c.scanning.scanners.infraAssessment) {
    needs.set(c.scanning.namespace, {
      level: "privileged",
      reason:
        "scanning.scanners.infraAssessment is on: trivy-operator's node collector mounts /var/lib/kubelet, /var/lib/etcd, /etc/kubernetes and /etc/cni through hostPath volumes and uses the host PID namespace",
    });
  }
  if (c.features.logging) {
    // components/logging/component/fluent-bit.ts: hostPath is forbidden from baseline up; everything else Fluent Bit does stays within baseline.
    needs.set(c.logging.namespace, {
      level: "privileged",
      reason:
        "features.logging is on: Fluent Bit reads the node's container logs (/var/log, read-only) and keeps its read offsets in /var/lib/fluent-bit through hostPath volumes, which baseline already forbids; Elasticsearch, Kibana and the setup job in it are restricted-compliant",
    });
  }
  if (c.features.backup && c.features.helmReleases && c.backup?.fileSystemBackup) {
    needs.set(c.backup.namespace, {
      level: "privileged",
      reason: "backup.fileSystemBackup is on: Velero's node agent DaemonSet runs as root and mounts /var/lib/kubelet/pods and /var/lib/kubelet/plugins through hostPath volumes",
    });
  }
  return needs;
}
