/**
 * The security alerts as a PrometheusRule (monitoring.coreos.com/v1). Each alert names the exporter its metric
 * comes from, so a missing exporter is a known gap rather than a silent one:
 *   ingress-nginx (auth failures), trivy-operator (privileged containers, vulnerabilities; its config-audit info
 *   metric must be on), kube-apiserver (Pod Security admission), the CNI (NetworkPolicy drops), kube-state-metrics
 *   (isolated pods; the `incident` pod label must be in its `--metric-labels-allowlist`), cert-manager (expiry)
 *   and Velero (backups).
 * Severity decides the route (see alertmanager.ts): critical pages, warning goes to chat, everything to email.
 */
import { componentLabels } from "../../core/labels";

/** Severities, most urgent first. */
export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One alerting rule. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: Severity; team: "security"; [k: string]: string };
  annotations: { summary: string; description: string; runbook: string };
}

/** Thresholds and selectors from config `alerting`. */
export interface SecurityRulesInput {
  /** Namespace of the PrometheusRule. */
  namespace: string;
  /** Labels the Prometheus ruleSelector matches. */
  ruleLabels: Record<string, string>;
  /** 401/403 per second at the ingress that count as a burst. */
  authFailureRatePerSecond: number;
  /** Days before expiry that warn (critical at a quarter of it). */
  certificateExpiryDays: number;
  /** PromQL selector of the CNI's policy-drop counter. */
  networkPolicyDropsMetric: string;
  /** Drops per second that alert. */
  networkPolicyDropsPerSecond: number;
  /** Hours without a successful backup. */
  backupMaxAgeHours: number;
}

/** Where the runbook sections are (docs/runbook-incident-response.md). */
const RUNBOOK = "docs/runbook-incident-response.md";

function rule(
  alert: string,
  severity: Severity,
  expr: string,
  forDuration: string | undefined,
  summary: string,
  description: string,
  anchor: string,
): AlertRule {
  return {
    alert,
    expr,
    ...(forDuration ? { for: forDuration } : {}),
    labels: { severity, team: "security" },
    annotations: { summary, description, runbook: `${RUNBOOK}#${anchor}` },
  };
}

/** The alert groups. */
export function securityAlertGroups(i: SecurityRulesInput): Array<{ name: string; rules: AlertRule[] }> {
  const days = i.certificateExpiryDays;
  const criticalDays = Math.max(1, Math.floor(days / 4));
  const critical = 'sum by (namespace, image_registry, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"})';
  return [
    {
      name: "security.ingress",
      rules: [
        rule(
          "IngressAuthFailureBurst",
          "warning",
          `sum by (ingress, exported_namespace) (rate(nginx_ingress_controller_requests{status=~"401|403"}[5m])) > ${i.authFailureRatePerSecond}`,
          "5m",
          "Burst of 401/403 responses at ingress {{ $labels.ingress }}",
          `More than ${i.authFailureRatePerSecond} unauthorized/forbidden responses per second for 5 minutes on {{ $labels.exported_namespace }}/{{ $labels.ingress }}: credential stuffing, token brute force or a broken client.`,
          "detection",
        ),
      ],
    },
    {
      name: "security.workloads",
      rules: [
        rule(
          "PrivilegedContainerRunning",
          "critical",
          'count by (namespace, resource_kind, resource_name) (trivy_configaudits_info{config_audit_id="KSV017", config_audit_success="false"}) > 0',
          "10m",
          "Privileged container in {{ $labels.namespace }}/{{ $labels.resource_name }}",
          "trivy-operator found a privileged container (KSV017) in {{ $labels.resource_kind }} {{ $labels.namespace }}/{{ $labels.resource_name }}. Only namespaces with a documented Pod Security exception may run one.",
          "containment",
        ),
        rule(
          "PodSecurityAdmissionDenied",
          "warning",
          'sum by (policy_level, resource, operation) (increase(pod_security_evaluations_total{decision="deny", mode="enforce"}[10m])) > 0',
          undefined,
          "Pod Security admission denied a {{ $labels.resource }} ({{ $labels.policy_level }})",
          "kube-apiserver refused to admit a workload that breaks the {{ $labels.policy_level }} Pod Security Standard: a deployment bug, or someone probing for a way to run privileged.",
          "detection",
        ),
        rule(
          "PodSecurityAuditViolation",
          "info",
          'sum by (policy_level, resource) (increase(pod_security_evaluations_total{decision="deny", mode="audit"}[1h])) > 0',
          undefined,
          "Workload below the restricted standard admitted in an exception namespace",
          "A workload that breaks the restricted Pod Security Standard was admitted where the namespace's documented exception allows it; review that it is the expected one.",
          "detection",
        ),
      ],
    },
    {
      name: "security.network",
      rules: [
        rule(
          "NetworkPolicyDropsHigh",
          "warning",
          `sum(rate(${i.networkPolicyDropsMetric}[5m])) > ${i.networkPolicyDropsPerSecond}`,
          "10m",
          "NetworkPolicies are dropping traffic",
          `More than ${i.networkPolicyDropsPerSecond} packets per second denied by NetworkPolicy for 10 minutes: a misconfigured release, or a compromised pod scanning its neighbours.`,
          "detection",
        ),
      ],
    },
    {
      name: "security.incident-response",
      rules: [
        rule(
          "IncidentIsolatedPod",
          "critical",
          'max by (namespace, pod) (kube_pod_labels{label_incident="isolated"}) > 0',
          undefined,
          "Pod {{ $labels.namespace }}/{{ $labels.pod }} is isolated (incident=isolated)",
          "A pod carries incident=isolated: all its traffic is cut by the isolation NetworkPolicy. An incident is open until the pod is captured and deleted.",
          "containment",
        ),
      ],
    },
    {
      name: "security.certificates",
      rules: [
        rule(
          "CertificateExpiringSoon",
          "warning",
          `(certmanager_certificate_expiration_timestamp_seconds - time()) < ${days} * 86400`,
          "1h",
          "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than " + days + " days",
          "cert-manager has not renewed the certificate: check the Certificate's events and its issuer.",
          "recovery",
        ),
        rule(
          "CertificateExpiryImminent",
          "critical",
          `(certmanager_certificate_expiration_timestamp_seconds - time()) < ${criticalDays} * 86400`,
          "10m",
          "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than " + criticalDays + " days",
          "Renewal has failed for long enough that an outage or a TLS downgrade is near.",
          "recovery",
        ),
        rule(
          "CertificateNotReady",
          "warning",
          'max by (namespace, name) (certmanager_certificate_ready_status{condition="False"}) == 1',
          "30m",
          "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
          "cert-manager reports the certificate as not ready for 30 minutes.",
          "recovery",
        ),
      ],
    },
    {
      name: "security.backups",
      rules: [
        rule(
          "BackupFailed",
          "warning",
          "sum by (schedule) (increase(velero_backup_failure_total[1h])) > 0",
          undefined,
          "Velero backup of schedule {{ $labels.schedule }} failed",
          "A backup failed in the last hour: the restore point an incident recovery depends on may be missing.",
          "recovery",
        ),
        rule(
          "BackupMissing",
          "critical",
          `(time() - max by (schedule) (velero_backup_last_successful_timestamp{schedule!=""})) > ${i.backupMaxAgeHours} * 3600`,
          "15m",
          "No successful backup of {{ $labels.schedule }} for " + i.backupMaxAgeHours + " hours",
          "The newest successful Velero backup is older than the schedule allows.",
          "recovery",
        ),
      ],
    },
    {
      name: "security.vulnerabilities",
      rules: [
        rule(
          "NewCriticalVulnerability",
          "warning",
          `${critical} > (${critical} offset 1h or ${critical} * 0)`,
          undefined,
          "New CRITICAL vulnerabilities in {{ $labels.image_repository }}:{{ $labels.image_tag }}",
          "trivy-operator reports more CRITICAL vulnerabilities in a running image than an hour ago: patch and redeploy, or document the exception.",
          "detection",
        ),
      ],
    },
  ];
}

/** The PrometheusRule object. */
export function securityPrometheusRule(i: SecurityRulesInput) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "security-alerts", namespace: i.namespace, labels: { ...componentLabels("alerting"), ...i.ruleLabels } },
    spec: { groups: securityAlertGroups(i) },
  };
}
