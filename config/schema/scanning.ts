/** `scanning`: trivy-operator, the scheduled scan jobs and image signature admission. */
import { z } from "zod";
import { cron, quantity } from "./primitives";

export const scanningSchema = z
  .strictObject({
    /** Severities reported. */
    severity: z.array(z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"])).min(1).default(["CRITICAL", "HIGH"]),
    /** Hide vulnerabilities without a fix. */
    ignoreUnfixed: z.boolean().default(true),
    /** Which trivy-operator scanners run. The node collector (infraAssessment) needs host access. */
    scanners: z
      .strictObject({
        vulnerability: z.boolean().default(true),
        configAudit: z.boolean().default(true),
        rbacAssessment: z.boolean().default(true),
        exposedSecret: z.boolean().default(true),
        infraAssessment: z.boolean().default(false),
        clusterCompliance: z.boolean().default(true),
      })
      .prefault({}),
    /** Scheduled image scan. */
    imageScanSchedule: cron.default("0 2 * * *"),
    /** Daily security-update check. */
    updateCheckSchedule: cron.default("0 6 * * *"),
    /** Image used by the scan jobs (pinned). */
    scannerImage: z.string().default("aquasec/trivy:0.67.2"),
    /** Size of the PVC holding scan reports. */
    reportStorageSize: quantity.default("5Gi"),
    /** Namespace of trivy-operator and the scan jobs. */
    namespace: z.string().default("trivy-system"),
    /** Image signature admission (sigstore policy-controller). */
    signatures: z
      .strictObject({
        /** Images under this registry prefix must be signed (glob as ClusterImagePolicy takes it). */
        registryGlob: z.string().min(1),
        /** The platform's cosign public key (PEM). Public, so plain config. */
        cosignPublicKey: z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, "must be a PEM public key"),
      })
      .optional(),
  })
  .prefault({});

export type ScanningConfig = z.infer<typeof scanningSchema>;
