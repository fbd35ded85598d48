/**
 * The GDPR retention CronJob: deletes every log document older than `gdprRetentionDays` from the log store. Logs
 * carry personal data (client IP addresses, user ids in request paths), so this is the hard ceiling on how long the
 * platform keeps it, independent of (and never shorter than) the log store's own ILM retention, which an operator
 * could change in Kibana or a snapshot restore could undo. It authenticates as a user that may only read and delete
 * the log indices, verifies TLS, and runs restricted as a numeric non-root user with a read-only root filesystem.
 * Its password is in a curl config file of a Secret volume (`curl --config`): never in an argument, where any process
 * on the node could read it in /proc, nor in the environment.
 */
import { CURL_CONFIG_FILE, CURL_CREDENTIALS_DIR } from "../../core/curl-config";
import { GDPR_JOB, GDPR_POD_LABELS } from "../../core/gdpr";
import { internalCaIssuerRef } from "../../core/internal-ca";
import { componentLabels } from "../../core/labels";
import type { LogStoreEndpoint } from "../../core/log-store";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { opaqueSecretManifest } from "../../core/secret-manifest";

/** Numeric user of the curl image (`curl_user`). */
export const CURL_UID = 100;

/** Inputs of {@link gdprRetentionManifests}. */
export interface GdprRetentionInput<S> {
  namespace: string;
  /** Image with curl. */
  image: string;
  /** Cron schedule (UTC). */
  schedule: string;
  /** Days of personal data kept. */
  retentionDays: number;
  /** The log store. */
  endpoint: LogStoreEndpoint;
  /** Index pattern prefix. */
  indexPrefix: string;
  /** The curl config file authenticating as the retention user (core/curl-config.ts `curlUserConfig`). */
  curlConfig: S;
  /** Secret in this namespace whose ca.crt verifies the in-cluster Elasticsearch (unused for external endpoints). */
  caSecretName?: string;
}

/** The delete-by-query request the job sends (the `@timestamp` Fluent Bit writes). */
export function retentionQuery(retentionDays: number) {
  return { query: { range: { "@timestamp": { lt: `now-${retentionDays}d/d` } } } };
}

/** The job's command: the credentials come from the mounted curl config file, the query is not secret. */
export function gdprRetentionCommand(i: Pick<GdprRetentionInput<unknown>, "endpoint" | "indexPrefix" | "retentionDays">): string[] {
  const ca = i.endpoint.inCluster ? ["--cacert", "/tls/ca.crt"] : [];
  return [
    "curl",
    "--config",
    `${CURL_CREDENTIALS_DIR}/${CURL_CONFIG_FILE}`,
    "--silent",
    "--show-error",
    "--fail-with-body",
    "--retry",
    "5",
    "--retry-all-errors",
    ...ca,
    "-H",
    "Content-Type: application/json",
    "-X",
    "POST",
    `${i.endpoint.url}/${i.indexPrefix}-*/_delete_by_query?conflicts=proceed&wait_for_completion=true&allow_no_indices=true`,
    "-d",
    JSON.stringify(retentionQuery(i.retentionDays)),
  ];
}

/** ServiceAccount, Secret and CronJob. */
export function gdprRetentionManifests<S>(i: GdprRetentionInput<S>) {
  const labels = { ...componentLabels("compliance"), ...GDPR_POD_LABELS };
  const secret = opaqueSecretManifest({ name: `${GDPR_JOB}-credentials`, namespace: i.namespace, labels }, { [CURL_CONFIG_FILE]: i.curlConfig });
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: GDPR_JOB, namespace: i.namespace, labels },
    automountServiceAccountToken: false,
  };
  const tls = i.endpoint.inCluster && i.caSecretName;
  const cronJob = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: GDPR_JOB, namespace: i.namespace, labels },
    spec: {
      schedule: i.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 3600,
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: GDPR_JOB,
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              restartPolicy: "Never",
              securityContext: restrictedPodSecurityContext(CURL_UID),
              containers: [
                {
                  name: GDPR_JOB,
                  image: i.image,
                  command: gdprRetentionCommand(i),
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
                  securityContext: restrictedContainerSecurityContext(CURL_UID),
                  volumeMounts: [
                    { name: "credentials", mountPath: CURL_CREDENTIALS_DIR, readOnly: true },
                    ...(tls ? [{ name: "tls", mountPath: "/tls", readOnly: true }] : []),
                  ],
                },
              ],
              volumes: [
                // Readable by the job's group (fsGroup) only.
                { name: "credentials", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } },
                ...(tls ? [{ name: "tls", secret: { secretName: i.caSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } }] : []),
              ],
            },
          },
        },
      },
    },
  };
  return { secret, serviceAccount, cronJob };
}

/**
 * A client Certificate of the job from the internal CA: cert-manager writes that CA's ca.crt next to it, in the
 * compliance namespace where the job can mount it (the in-cluster Elasticsearch's certificate is from the same CA).
 */
export function gdprClientCertificate(namespace: string, secretName: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: secretName, namespace },
    spec: {
      secretName,
      commonName: `${GDPR_JOB}.${namespace}`,
      dnsNames: [`${GDPR_JOB}.${namespace}`],
      duration: "2160h",
      renewBefore: "360h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      usages: ["client auth", "digital signature"],
      // The compliance namespace's own Issuer, which may sign only that namespace's names.
      issuerRef: internalCaIssuerRef(),
    },
  };
}
