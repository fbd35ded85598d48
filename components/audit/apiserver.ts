/**
 * The API server's audit settings, as the architecture document's kube-apiserver static pod sets them: the flags a
 * self-managed control plane adds to `kube-apiserver`, and, for EKS, where AWS runs the API server itself, the one
 * command that turns its control-plane log types on (this program does not own the EKS cluster: the cluster stack
 * does). docs/audit.md shows both; a test holds the page to this file.
 */
import type { ApiServerAuditConfig } from "./schema";

/** The `kube-apiserver` audit flags for a self-managed control plane. */
export function apiServerAuditFlags(a: ApiServerAuditConfig): string[] {
  return [
    `--audit-policy-file=${a.policyFile}`,
    `--audit-log-path=${a.logPath}`,
    `--audit-log-maxage=${a.maxAgeDays}`,
    `--audit-log-maxbackup=${a.maxBackups}`,
    `--audit-log-maxsize=${a.maxSizeMegabytes}`,
  ];
}

/** The directory of a file path (for the static pod's hostPath volume). */
export function directoryOf(file: string): string {
  return file.slice(0, file.lastIndexOf("/")) || "/";
}

/** The volumes and mounts the kube-apiserver static pod needs for the flags: the policy file read-only, the log directory. */
export function apiServerAuditMounts(a: ApiServerAuditConfig) {
  return {
    volumeMounts: [
      { name: "audit-policy", mountPath: a.policyFile, readOnly: true },
      { name: "audit-logs", mountPath: directoryOf(a.logPath) },
    ],
    volumes: [
      { name: "audit-policy", hostPath: { path: a.policyFile, type: "File" } },
      { name: "audit-logs", hostPath: { path: directoryOf(a.logPath), type: "DirectoryOrCreate" } },
    ],
  };
}
