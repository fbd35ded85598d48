/**
 * The compliance ConfigMaps. `compliance-config` is the architecture document's: its keys (`gdpr.enabled`,
 * `audit-logging.level`, `data-encryption.required`, `mfa.required`, ...) in every namespace the catalog's workloads run
 * in, where they read it (`envFrom: configMapRef` or a volume: neither needs an RBAC grant). `compliance-profile`, in
 * the compliance namespace, adds what auditors and dashboards read besides: the environment, the schedules, the log
 * retention and the PCI zone (`kubectl get cm -n <ns> compliance-profile`).
 */
import { componentLabels } from "../../core/labels";
import { COMPLIANCE_CONFIG } from "./names";

/** The values of the document's compliance keys, from the stack's `compliance` section. */
export interface ComplianceConfigValues {
  gdprRetentionDays: number;
  pciDss: boolean;
  iso27001: boolean;
  soc2: boolean;
  auditLoggingLevel: "basic" | "detailed";
  dataEncryptionRequired: boolean;
  mfaRequired: boolean;
}

/** Inputs of {@link complianceProfile}. */
export interface ComplianceProfileInput extends ComplianceConfigValues {
  namespace: string;
  environment: string;
  /** The GDPR log-retention job's schedule, when it runs (an external log store). */
  gdprRetentionSchedule?: string;
  /** The GDPR clean-up's schedule, when it runs. */
  dataCleanupSchedule?: string;
  logRetentionDays?: number;
  pciNamespace: string;
}

/** Name of the profile ConfigMap. */
export const PROFILE_NAME = "compliance-profile";

/** The document's keys, in its order, as ConfigMap strings. */
export function complianceConfigData(v: ComplianceConfigValues): Record<string, string> {
  return {
    "gdpr.enabled": "true",
    "gdpr.retention-days": String(v.gdprRetentionDays),
    "pci-dss.enabled": String(v.pciDss),
    "iso27001.enabled": String(v.iso27001),
    "soc2.enabled": String(v.soc2),
    "audit-logging.level": v.auditLoggingLevel,
    "data-encryption.required": String(v.dataEncryptionRequired),
    "mfa.required": String(v.mfaRequired),
  };
}

/** `compliance-config` in one namespace the catalog's workloads run in. */
export function complianceConfigMap(namespace: string, v: ComplianceConfigValues) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: COMPLIANCE_CONFIG, namespace, labels: componentLabels("compliance") },
    data: complianceConfigData(v),
  };
}

/** The profile ConfigMap. */
export function complianceProfile(i: ComplianceProfileInput) {
  const data: Record<string, string> = {
    environment: i.environment,
    ...complianceConfigData(i),
  };
  if (i.gdprRetentionSchedule !== undefined) data["gdpr.retention-schedule"] = i.gdprRetentionSchedule;
  if (i.dataCleanupSchedule !== undefined) data["gdpr.data-cleanup-schedule"] = i.dataCleanupSchedule;
  if (i.logRetentionDays !== undefined) data["logs.retention-days"] = String(i.logRetentionDays);
  if (i.pciDss) data["pci-dss.zone-namespace"] = i.pciNamespace;
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: PROFILE_NAME, namespace: i.namespace, labels: componentLabels("compliance") }, data };
}
