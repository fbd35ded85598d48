/**
 * The shape both compliance jobs share (the GDPR clean-up of application data and the log-retention job): a
 * ServiceAccount without an API token and a CronJob running one curl container, restricted, as the curl image's
 * numeric non-root user, with a read-only root filesystem; one run at a time, a bounded history, a few retries.
 * Each job says only what differs: its schedule, deadline, pod metadata, command and volumes.
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** Numeric user of the curl image (`curl_user`). */
export const CURL_UID = 100;

/** What differs between the curl jobs. */
export interface CurlCronJobInput {
  /** Name of the ServiceAccount, CronJob and container. */
  name: string;
  namespace: string;
  /** Labels of every object and of the job's pods. */
  labels: Record<string, string>;
  /** Cron schedule (UTC). */
  schedule: string;
  /** Seconds a run may take before it is stopped. */
  activeDeadlineSeconds: number;
  /** The pod template's metadata (labels, and any annotation the pod needs). */
  podMetadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  /** Image with curl. */
  image: string;
  command: string[];
  volumeMounts?: { name: string; mountPath: string; readOnly: boolean }[];
  volumes?: object[];
}

/** ServiceAccount and CronJob of a curl job. */
export function curlCronJob(i: CurlCronJobInput) {
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: i.name, namespace: i.namespace, labels: i.labels },
    automountServiceAccountToken: false,
  };
  const cronJob = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: i.name, namespace: i.namespace, labels: i.labels },
    spec: {
      schedule: i.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: {
        metadata: { labels: i.labels },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: i.activeDeadlineSeconds,
          template: {
            metadata: i.podMetadata,
            spec: {
              serviceAccountName: i.name,
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              restartPolicy: "Never",
              securityContext: restrictedPodSecurityContext(CURL_UID),
              containers: [
                {
                  name: i.name,
                  image: i.image,
                  command: i.command,
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
                  securityContext: restrictedContainerSecurityContext(CURL_UID),
                  ...(i.volumeMounts ? { volumeMounts: i.volumeMounts } : {}),
                },
              ],
              ...(i.volumes ? { volumes: i.volumes } : {}),
            },
          },
        },
      },
    },
  };
  return { serviceAccount, cronJob };
}
