/** Hardened values of the trivy-operator chart, from config `scanning`. */
import { registryThrough, type RegistryMirror } from "../../core/chart-images";
import type { HelmValues } from "../../core/helm-values";
import { TRIVY_OPERATOR_RELEASE } from "./names";
import { NON_ROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** Port of trivy-operator's metrics endpoint (container port `metrics`). */
export const TRIVY_OPERATOR_METRICS_PORT = 8080;

/** The labels the chart puts on the operator's pods (its selector labels, the release being `trivy-operator`). */
export const TRIVY_OPERATOR_POD_LABELS = { "app.kubernetes.io/name": "trivy-operator", "app.kubernetes.io/instance": TRIVY_OPERATOR_RELEASE };

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
  /** Namespace of the operator and its scan jobs. */
  namespace: string;
  /** The registry pull secret synced into that namespace, when there is one: scan jobs pull private images with it. */
  registryPullSecret?: string;
  /** `images.registryMirror`: every image and database is pulled through it when set. */
  registryMirror: RegistryMirror;
}

/**
 * Where trivy-operator's images and databases come from: Aqua's own registry (the chart defaults to mirror.gcr.io,
 * Google's Docker Hub mirror, outside the platform's registry allow-list), or the platform's mirror of it. The scan
 * jobs, the node collector and the database pulls happen at run time, but they go through the same registry.
 */
export const TRIVY_UPSTREAM_REGISTRY = "ghcr.io";

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
  const registry = registryThrough(TRIVY_UPSTREAM_REGISTRY, c.registryMirror);
  return {
    image: { registry, repository: "aquasecurity/trivy-operator" },
    nodeCollector: { registry, repository: "aquasecurity/node-collector" },
    policiesBundle: { registry, repository: "aquasecurity/trivy-checks" },
    operator: {
      // No access to every Secret and ServiceAccount of the cluster (and no nodes/proxy): the scan jobs get private
      // registry credentials only from the pull secret named below, in the operator's own namespace.
      accessGlobalSecretsAndServiceAccount: false,
      privateRegistryScanSecretsNames: c.registryPullSecret ? { [c.namespace]: c.registryPullSecret } : {},
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
      image: { registry, repository: "aquasecurity/trivy" },
      dbRegistry: registry,
      dbRepository: "aquasecurity/trivy-db",
      javaDbRegistry: registry,
      javaDbRepository: "aquasecurity/trivy-java-db",
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
