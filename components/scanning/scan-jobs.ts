/**
 * The two scheduled scans, as CronJobs running the pinned trivy image:
 * - the image scan: every workload image of the app namespaces, at the configured severities, full JSON report;
 * - the security-update check: fixable vulnerabilities (a patched version exists) in every namespace the stack declares.
 * Both write their report to the report PVC, prune reports older than the retention, and post a one-line summary to
 * the notification webhook when one is configured. Restricted security contexts, bounded resources, own identities.
 */
import { componentLabels } from "../../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** Requests and limits of the scan containers. */
export interface ScanResources {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
}

/** One scheduled scan. */
export interface ScanJob {
  /** CronJob and ServiceAccount name. */
  name: string;
  /** What the job is for (annotation). */
  purpose: string;
  /** Cron schedule. */
  schedule: string;
  /** Namespaces whose workloads it reads. */
  namespaces: string[];
  /** trivy scanners (`vuln`, `secret`). */
  scanners: string[];
  /** Only vulnerabilities with a fix. */
  ignoreUnfixed: boolean;
  /** Sub-directory of the report volume. */
  reportDir: string;
}

/** What the scan CronJobs are built from (config `scanning`, the declared namespaces). */
export interface ScanJobsInput {
  /** Namespace of the CronJobs (scanning.namespace). */
  namespace: string;
  /** Pinned trivy image. */
  image: string;
  /** Severities reported. */
  severity: string[];
  /** Hide unfixed vulnerabilities in the image scan. */
  ignoreUnfixed: boolean;
  /** Also look for secrets baked into images (scanners.exposedSecret). */
  exposedSecret: boolean;
  /** Schedules. */
  imageScanSchedule: string;
  updateCheckSchedule: string;
  /** App namespaces (the image scan's scope). */
  appNamespaces: string[];
  /** Every namespace the stack declares (the update check's scope). */
  declaredNamespaces: string[];
  /** Container resources. */
  resources: ScanResources;
  /** Days a report is kept on the volume. */
  reportRetentionDays: number;
  /** Name of the report PVC. */
  reportClaimName: string;
  /** Secret holding the webhook URL under key `url`, when a webhook is configured. */
  webhookSecretName?: string;
}

/** Names the scans are known by (CronJob, ServiceAccount, Roles). */
export const IMAGE_SCAN = "image-scan";
export const UPDATE_CHECK = "security-update-check";
/** Where the report PVC is mounted. */
export const REPORTS_MOUNT = "/reports";
/** Key of the webhook URL in the notification Secret. */
export const WEBHOOK_URL_KEY = "url";

/** Workload kinds the scans list (trivy `--include-kinds`); the Roles grant exactly these. */
export const SCANNED_KINDS = ["pod", "replicaset", "replicationcontroller", "deployment", "statefulset", "daemonset", "job", "cronjob"];

/** The two scans this stack runs. */
export function scanJobs(input: ScanJobsInput): ScanJob[] {
  return [
    {
      name: IMAGE_SCAN,
      purpose: "vulnerabilities (and embedded secrets) of every workload image in the app namespaces",
      schedule: input.imageScanSchedule,
      namespaces: input.appNamespaces,
      scanners: input.exposedSecret ? ["vuln", "secret"] : ["vuln"],
      ignoreUnfixed: input.ignoreUnfixed,
      reportDir: "image-scan",
    },
    {
      name: UPDATE_CHECK,
      purpose: "vulnerabilities with a released fix in every namespace the stack declares: images that need a security update",
      schedule: input.updateCheckSchedule,
      namespaces: input.declaredNamespaces,
      scanners: ["vuln"],
      ignoreUnfixed: true,
      reportDir: "security-updates",
    },
  ];
}

/**
 * The job's shell script (busybox in the trivy image). Parameters come from the environment so the script is fixed
 * text: nothing from configuration is interpolated into shell code.
 */
export const SCAN_SCRIPT = [
  "set -eu",
  'stamp="$(date -u +%Y%m%dT%H%M%SZ)"',
  'mkdir -p "$REPORTS/$REPORT_DIR"',
  'out="$REPORTS/$REPORT_DIR/$stamp.json"',
  'set -- k8s --scanners "$SCANNERS" --severity "$SEVERITY" --include-namespaces "$SCAN_NAMESPACES" --include-kinds "$SCAN_KINDS" --disable-node-collector --report all --format json --output "$out" --timeout 45m',
  'if [ "$IGNORE_UNFIXED" = "true" ]; then set -- "$@" --ignore-unfixed; fi',
  'trivy "$@"',
  'find "$REPORTS/$REPORT_DIR" -name "*.json" -type f -mtime "+$RETENTION_DAYS" -delete',
  'count() { grep -o "\\"Severity\\": *\\"$1\\"" "$out" | wc -l | tr -d \' \'; }',
  'summary="$JOB_NAME $stamp: $(count CRITICAL) critical, $(count HIGH) high findings in $SCAN_NAMESPACES (report $out)"',
  'echo "$summary"',
  'if [ -n "${WEBHOOK_URL:-}" ]; then',
  '  wget -q -O /dev/null -T 30 --header "Content-Type: application/json" --post-data "{\\"text\\": \\"$summary\\"}" "$WEBHOOK_URL"',
  "fi",
].join("\n");

/** Labels of a scan job's objects and pods. */
export function scanJobLabels(job: Pick<ScanJob, "name">): Record<string, string> {
  return { ...componentLabels("scanning"), "app.kubernetes.io/name": job.name };
}

/** The CronJob of one scan. */
export function scanCronJobManifest(job: ScanJob, input: ScanJobsInput) {
  const labels = scanJobLabels(job);
  const env: Array<Record<string, unknown>> = [
    { name: "JOB_NAME", value: job.name },
    { name: "REPORTS", value: REPORTS_MOUNT },
    { name: "REPORT_DIR", value: job.reportDir },
    { name: "SCANNERS", value: job.scanners.join(",") },
    { name: "SEVERITY", value: input.severity.join(",") },
    { name: "IGNORE_UNFIXED", value: String(job.ignoreUnfixed) },
    { name: "SCAN_NAMESPACES", value: job.namespaces.join(",") },
    { name: "SCAN_KINDS", value: SCANNED_KINDS.join(",") },
    { name: "RETENTION_DAYS", value: String(input.reportRetentionDays) },
    // The root filesystem is read-only: the vulnerability database and temporary files go to emptyDirs.
    { name: "TRIVY_CACHE_DIR", value: "/cache" },
    { name: "HOME", value: "/tmp" },
    { name: "TMPDIR", value: "/tmp" },
  ];
  if (input.webhookSecretName) {
    env.push({ name: "WEBHOOK_URL", valueFrom: { secretKeyRef: { name: input.webhookSecretName, key: WEBHOOK_URL_KEY } } });
  }
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: job.name, namespace: input.namespace, labels, annotations: { "ecommerce.example.com/purpose": job.purpose } },
    spec: {
      schedule: job.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 1,
          activeDeadlineSeconds: 3 * 3600,
          ttlSecondsAfterFinished: 7 * 24 * 3600,
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: job.name,
              // The scan reads workloads through the API: the token is granted by the (Cluster)Roles in components/scanning/scan-access.ts.
              automountServiceAccountToken: true,
              restartPolicy: "Never",
              securityContext: restrictedPodSecurityContext(),
              containers: [
                {
                  name: "trivy",
                  image: input.image,
                  imagePullPolicy: "IfNotPresent",
                  command: ["/bin/sh", "-c", SCAN_SCRIPT],
                  env,
                  resources: {
                    requests: { cpu: input.resources.requestsCpu, memory: input.resources.requestsMemory },
                    limits: { cpu: input.resources.limitsCpu, memory: input.resources.limitsMemory },
                  },
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [
                    { name: "reports", mountPath: REPORTS_MOUNT },
                    { name: "cache", mountPath: "/cache" },
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [
                { name: "reports", persistentVolumeClaim: { claimName: input.reportClaimName } },
                { name: "cache", emptyDir: { sizeLimit: "4Gi" } },
                { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
              ],
            },
          },
        },
      },
    },
  };
}
