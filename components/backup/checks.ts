/** Cross-section checks of the `backup` section. */
import type { ConfigIssue } from "../../core/config/errors";
import type { BackupFeatureConfig } from "./settings";
import { catalogNamespaces } from "../../core/catalog";
import { irsaNeedsEksIssues } from "../../core/irsa";
import { accessLogBucketNameProblem } from "../../core/access-log-policy";
import { backupBucketName } from "./settings";

/** Problems of `backup` when features.backup is on: the section present, IRSA possible, namespaces from the catalog. */
export function backupIssues(c: BackupFeatureConfig): ConfigIssue[] {
  if (!c.features.backup) return [];
  if (!c.backup) return [{ key: "backup", message: "is required when features.backup is on (at least backup.region)" }];
  const issues: ConfigIssue[] = [];
  if (c.capabilities.aws) {
    issues.push(...irsaNeedsEksIssues(c.cluster));
    const bucket = backupBucketName(c.cluster.name, c.backup.bucketName);
    const problem = accessLogBucketNameProblem(bucket);
    if (problem) issues.push({ key: c.backup.bucketName ? "backup.bucketName" : "cluster.name", value: bucket, message: problem });
  }
  const known = new Set(catalogNamespaces(c));
  c.backup.namespaces?.forEach((ns, i) => {
    if (!known.has(ns))
      issues.push({ key: `backup.namespaces[${i}]`, value: ns, message: `is not a namespace of the service catalog; known: ${[...known].join(", ")}` });
  });
  return issues;
}
