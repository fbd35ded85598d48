/** Hardened values of the trivy-operator chart, from config `scanning`. */
import type { HelmValues } from "../../core/helm-values";
import { NON_ROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** Port of trivy-operator's metrics endpoint (container port `metrics`). */
export const TRIVY_OPERATOR_METRICS_PORT = 8080;

/** The parts of config `scanning` the chart values use. */
export interface TrivyOperatorValuesInput {
  severity: string[];
  ignoreUnfixed: boolean;
  scanners: {
    vulnerability: boolean;
    configAudit: boolean;
    rbacAssessment: boolean;
    exposedSecret: boolean;
    infraAssessment: boolean;
    clusterCompliance: boolean;
  };
  /** Metrics scraped through a ServiceMonitor carrying these labels (what the Prometheus selects), or not at all. */
  serviceMonitor: { enabled: boolean; labels: Record<string, string> };
  jobResources: { requestsCpu: string; requestsMemory: string; limitsCpu: string; limitsMemory: string };
}

/**
 * Values for the pinned trivy-operator chart. The operator and its scan jobs run restricted. The node collector
 * (infraAssessment) reads root-owned files of the node, so when it is on the scan-job pod template leaves the user
 * to the image (the namespace is privileged then, see core/pod-security-levels.ts); every other part of the
 * container context (no privilege escalation, no capabilities, read-only root, RuntimeDefault seccomp) still applies.
 */
export function trivyOperatorValues(c: TrivyOperatorValuesInput): HelmValues {
  const { runAsNonRoot, runAsUser, runAsGroup, ...containerWithoutUser } = restrictedContainerSecurityContext();
  const scanJobContainer = c.scanners.infraAssessment ? containerWithoutUser : { ...containerWithoutUser, runAsNonRoot, runAsUser, runAsGroup };
  const scanJobPod = c.scanners.infraAssessment ? { seccompProfile: { type: "RuntimeDefault" } } : restrictedPodSecurityContext();
  return {
    operator: {
      vulnerabilityScannerEnabled: c.scanners.vulnerability,
      sbomGenerationEnabled: c.scanners.vulnerability,
      configAuditScannerEnabled: c.scanners.configAudit,
      rbacAssessmentScannerEnabled: c.scanners.rbacAssessment,
      exposedSecretScannerEnabled: c.scanners.exposedSecret,
      infraAssessmentScannerEnabled: c.scanners.infraAssessment,
      clusterComplianceEnabled: c.scanners.clusterCompliance,
      // The config-audit metric feeds the "privileged container" alert (KSV017).
      metricsConfigAuditInfo: true,
      // A few scans at a time keep the operator from flooding the nodes after an upgrade of many workloads.
      scanJobsConcurrentLimit: 3,
    },
    trivy: {
      severity: c.severity.join(","),
      ignoreUnfixed: c.ignoreUnfixed,
      resources: {
        requests: { cpu: c.jobResources.requestsCpu, memory: c.jobResources.requestsMemory },
        limits: { cpu: c.jobResources.limitsCpu, memory: c.jobResources.limitsMemory },
      },
    },
    trivyOperator: {
      scanJobPodTemplatePodSecurityContext: scanJobPod,
      scanJobPodTemplateContainerSecurityContext: scanJobContainer,
      // Scan jobs read images, not the API.
      scanJobAutomountServiceAccountToken: false,
    },
    serviceMonitor: { enabled: c.serviceMonitor.enabled, labels: c.serviceMonitor.labels },
    podSecurityContext: restrictedPodSecurityContext(NON_ROOT_UID),
    securityContext: restrictedContainerSecurityContext(NON_ROOT_UID),
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  };
}
