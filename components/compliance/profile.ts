/**
 * The compliance profile ConfigMap: which frameworks this environment claims and the retention it promises, as
 * data that auditors, dashboards and applications read from one place (`kubectl get cm -n <ns> compliance-profile`).
 */
import { componentLabels } from "../../core/labels";

/** Inputs of {@link complianceProfile}. */
export interface ComplianceProfileInput {
  namespace: string;
  environment: string;
  gdprRetentionDays: number;
  gdprRetentionSchedule: string;
  logRetentionDays?: number;
  pciDss: boolean;
  pciNamespace: string;
  iso27001: boolean;
  soc2: boolean;
}

/** Name of the ConfigMap. */
export const PROFILE_NAME = "compliance-profile";

/** The ConfigMap. */
export function complianceProfile(i: ComplianceProfileInput) {
  const data: Record<string, string> = {
    environment: i.environment,
    "gdpr.enabled": "true",
    "gdpr.retention-days": String(i.gdprRetentionDays),
    "gdpr.retention-schedule": i.gdprRetentionSchedule,
    "pci-dss.enabled": String(i.pciDss),
    "iso27001.enabled": String(i.iso27001),
    "soc2.enabled": String(i.soc2),
  };
  if (i.logRetentionDays !== undefined) data["logs.retention-days"] = String(i.logRetentionDays);
  if (i.pciDss) data["pci-dss.zone-namespace"] = i.pciNamespace;
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: PROFILE_NAME, namespace: i.namespace, labels: componentLabels("compliance") }, data };
}
