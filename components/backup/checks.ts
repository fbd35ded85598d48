/** Cross-section checks of the `backup` section. */
import type { ConfigIssue } from "../../core/config/errors";
import type { BackupFeatureConfig } from "./settings";
import { catalogNamespaces } from "../../core/catalog";
import { irsaNeedsEksIssues } from "../../core/irsa";

/** Problems of `backup` when features.backup is on: the section present, IRSA possible, namespaces from the catalog. */
export function backupIssues(c: BackupFeatureConfig): ConfigIssue[] {
  if (!c.features.backup) return [];
  if (!c.backup) return [{ key: "backup", message: "is required when features.backup is on (at least backup.region)" }];
  const issues: ConfigIssue[] = [];
  if (c.capabilities.aws) issues.push(...irsaNeedsEksIssues(c.cluster));
  const known = new Set(catalogNamespaces(c));
  c.backup.namespaces?.forEach((ns, i) => {
    if (!known.has(ns))
      issues.push({ key: `backup.namespaces[${i}]`, value: ns, message: `is not a namespace of the service catalog; known: ${[...known].join(", ")}` });
  });
  return issues;
}
