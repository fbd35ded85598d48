/** Where the scheduled scans keep their reports and how they reach the notification webhook. */
import { componentLabels } from "../../core/labels";
import { WEBHOOK_URL_KEY } from "./scan-jobs";
import { opaqueSecretManifest } from "../../core/secret-manifest";

/** Name of the report PVC. */
export const REPORT_CLAIM = "scan-reports";
/** Name of the Secret holding the notification webhook URL. */
export const WEBHOOK_SECRET = "scan-notification-webhook";

/** The PVC both scans write their JSON reports to. */
export function reportClaimManifest(namespace: string, size: string, storageClass?: string) {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: REPORT_CLAIM, namespace, labels: componentLabels("scanning") },
    spec: {
      // The scans never run at the same time (different schedules, concurrencyPolicy Forbid), so one writer at a time.
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: size } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
  };
}

/**
 * The Secret with the webhook URL. `url` must be a Pulumi secret Output (config `scanNotificationWebhookUrl`): the
 * URL carries a token, so it must never sit in state or in a plan as plain text.
 */
export function webhookSecretManifest<T>(namespace: string, url: T) {
  return opaqueSecretManifest({ name: WEBHOOK_SECRET, namespace, labels: componentLabels("scanning") }, { [WEBHOOK_URL_KEY]: url });
}
