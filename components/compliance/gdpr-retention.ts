/**
 * The GDPR log-retention CronJob: deletes every log document older than `gdprRetentionDays` from an external log
 * store. Logs carry personal data (client IP addresses, user ids in request paths); an external store's lifecycle is
 * not this program's, so this job is the ceiling on how long the platform keeps them there. (The in-cluster store's
 * own ILM policy deletes logs after `logging.retentionDays`, held within `gdprRetentionDays` by the checks: no job
 * runs there, it would never find anything to delete.) It authenticates as the endpoint's configured user, verifies
 * TLS against the public CAs, and runs restricted as a numeric non-root user with a read-only root filesystem.
 * Its password is in a curl config file of a Secret volume (`curl --config`): never in an argument, where any process
 * on the node could read it in /proc, nor in the environment.
 */
import { CURL_CONFIG_FILE, CURL_CREDENTIALS_DIR } from "../../core/curl-config";
import { GDPR_JOB, GDPR_POD_LABELS } from "./names";
import { componentLabels } from "../../core/labels";
import type { LogStoreEndpoint } from "../../core/log-store";
import { curlCronJob } from "./curl-cron-job";
import { opaqueSecretManifest } from "../../core/secret-manifest";

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
  /** The curl config file authenticating as the endpoint's user (core/curl-config.ts `curlUserConfig`). */
  curlConfig: S;
}

/** The delete-by-query request the job sends (the `@timestamp` Fluent Bit writes). */
export function retentionQuery(retentionDays: number) {
  return { query: { range: { "@timestamp": { lt: `now-${retentionDays}d/d` } } } };
}

/** The job's command: the credentials come from the mounted curl config file, the query is not secret. */
export function gdprRetentionCommand(i: Pick<GdprRetentionInput<unknown>, "endpoint" | "indexPrefix" | "retentionDays">): string[] {
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
  const job = curlCronJob({
    name: GDPR_JOB,
    namespace: i.namespace,
    labels,
    schedule: i.schedule,
    activeDeadlineSeconds: 3600,
    podMetadata: { labels },
    image: i.image,
    command: gdprRetentionCommand(i),
    volumeMounts: [{ name: "credentials", mountPath: CURL_CREDENTIALS_DIR, readOnly: true }],
    // Readable by the job's group (fsGroup) only.
    volumes: [{ name: "credentials", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } }],
  });
  return { secret, ...job };
}
