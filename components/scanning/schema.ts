/** `scanning`: trivy-operator, the scheduled scan jobs and image signature admission. */
import { z } from "zod";
import { signaturesSchema } from "../../core/config/image-signatures";
import { cron, dnsLabel, quantity } from "../../core/config/primitives";

export const scanningSchema = z
  .strictObject({
    /** Severities reported, by trivy-operator and by the scheduled scans. */
    severity: z
      .array(z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]))
      .min(1)
      .default(["CRITICAL", "HIGH"]),
    /** Hide vulnerabilities without a fix (trivy-operator and the scheduled image scan; the update check always does). */
    ignoreUnfixed: z.boolean().default(true),
    /**
     * Which trivy-operator scanners run. infraAssessment starts the node collector, which mounts node directories
     * through hostPath: its namespace then needs the Pod Security level "privileged".
     */
    scanners: z
      .strictObject({
        /** Vulnerabilities of workload images (VulnerabilityReports). */
        vulnerability: z.boolean().default(true),
        /** Misconfigurations of workloads and other objects (ConfigAuditReports). */
        configAudit: z.boolean().default(true),
        /** Risky Roles and ClusterRoles (RbacAssessmentReports). */
        rbacAssessment: z.boolean().default(true),
        /** Secrets baked into images (ExposedSecretReports). */
        exposedSecret: z.boolean().default(true),
        /** Node configuration through the node collector (ClusterInfraAssessmentReports); needs host access. */
        infraAssessment: z.boolean().default(false),
        /** CIS / NSA / PSS compliance reports. */
        clusterCompliance: z.boolean().default(true),
      })
      .prefault({}),
    /**
     * A ServiceMonitor for trivy-operator's metrics, and the scraper (`network.monitoring`) let in to them. Needs the
     * prometheus-operator CRDs; defaults to whether alerting is rendered (its trivy alerts read these metrics).
     */
    serviceMonitor: z.boolean().optional(),
    /** When the scheduled image scan of the app namespaces runs. */
    imageScanSchedule: cron.default("0 2 * * *"),
    /** When the daily security-update check (fixable vulnerabilities in every declared namespace) runs. */
    updateCheckSchedule: cron.default("0 6 * * *"),
    /** Image of the scan jobs, pinned to an exact tag or digest (never `latest`). */
    scannerImage: z
      .string()
      .regex(/^[^\s:@]+(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/, "must be an image reference such as aquasec/trivy:0.67.2")
      .refine((s) => /:[\w][\w.-]*$|@sha256:/.test(s) && !/:latest$/.test(s), "must be pinned to a version tag or digest, not latest or untagged")
      .default("aquasec/trivy:0.67.2"),
    /** Requests and limits of the scan job containers. */
    jobResources: z
      .strictObject({
        /** CPU request. */
        requestsCpu: quantity.default("100m"),
        /** Memory request. */
        requestsMemory: quantity.default("512Mi"),
        /** CPU limit. */
        limitsCpu: quantity.default("1"),
        /** Memory limit (the vulnerability database alone takes several hundred MiB). */
        limitsMemory: quantity.default("2Gi"),
      })
      .prefault({}),
    /** Size of the PVC holding scan reports. */
    reportStorageSize: quantity.default("5Gi"),
    /** StorageClass of the report PVC; the cluster default when omitted. */
    reportStorageClass: z.string().min(1).optional(),
    /** Days a report file is kept on the PVC before the jobs prune it. */
    reportRetentionDays: z.number().int().min(1).max(365).default(30),
    /** Namespace of trivy-operator and the scan jobs. */
    namespace: dnsLabel.default("trivy-system"),
    /** Image signature admission (sigstore policy-controller); required when features.imageSignatures is on. */
    signatures: signaturesSchema.optional(),
  })
  .prefault({});

export type ScanningConfig = z.infer<typeof scanningSchema>;
