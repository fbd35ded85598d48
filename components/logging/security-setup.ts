/**
 * The security setup Job of the in-cluster Elasticsearch: waits for the cluster, then (idempotently) sets the
 * `kibana_system` password, creates the least-privilege role and user of Fluent Bit (write only), the ILM policy +
 * index template that delete log indices after `retentionDays` (the store's own lifecycle, which also keeps personal
 * data within the GDPR limit: compliance's checks hold `retentionDays` to `compliance.gdprRetentionDays`), and with the log archive the S3 snapshot repository and the SLM policy that snapshots the log
 * indices into it. Passwords are files of the setup Secret's volume: curl authenticates with `--config` and sends the
 * bodies that carry a password with `--data-binary @<file>`, so no password is ever an argument (readable by every
 * process of the node in /proc/<pid>/cmdline), in the environment, in the script or in the ConfigMap.
 */
import { CURL_CONFIG_FILE, CURL_CREDENTIALS_DIR, curlUserConfig } from "../../core/curl-config";
import { WRITER_USER } from "../../core/log-store";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { ELASTICSEARCH, ELASTIC_UID, ES_HTTP_PORT, SECURITY_SETUP, appLabels } from "./names";
import { hash } from "./fluent-bit";
import { opaqueSecretManifest } from "../../core/secret-manifest";
import { ARCHIVE_REPOSITORY, ARCHIVE_SLM_POLICY, slmPolicy, snapshotRepository, type SnapshotInput } from "./snapshots";

/** Inputs of {@link securitySetupManifests}. */
export interface SecuritySetupInput<S> {
  /** Namespace of the logging stack. */
  namespace: string;
  /** Image with `curl` (the Elasticsearch image, already on the nodes). */
  image: string;
  /** Prefix of the daily log indices. */
  indexPrefix: string;
  /** Days an index is kept before ILM deletes it. */
  retentionDays: number;
  /** Replica shards per index: 1 when there is more than one node. */
  indexReplicas: number;
  /** The files of the setup Secret (see {@link securitySetupFiles}): curl's credentials and the bodies carrying passwords. */
  files: Record<SetupFile, S>;
  /** TLS Secret whose ca.crt verifies Elasticsearch. */
  tlsSecretName: string;
  /** The log archive: the S3 snapshot repository and the SLM policy that snapshots the log indices into it. */
  archive?: Omit<SnapshotInput, "indexPrefix">;
}

/** Name of the ILM policy that deletes old log indices. */
export const RETENTION_POLICY = "k8s-logs-retention";

/** Name of the Secret with the service users' passwords the setup job applies. */
export const SETUP_SECRET = "elasticsearch-service-users";

/** What the setup job applies, as plain data (the script sends exactly these bodies). */
export function securityObjects(i: Pick<SecuritySetupInput<unknown>, "indexPrefix" | "retentionDays" | "indexReplicas" | "archive">) {
  const pattern = `${i.indexPrefix}-*`;
  return {
    archive: i.archive ? { repository: snapshotRepository(i.archive), slmPolicy: slmPolicy({ ...i.archive, indexPrefix: i.indexPrefix }) } : undefined,
    roles: {
      "fluent-bit-writer": { cluster: ["monitor"], indices: [{ names: [pattern], privileges: ["create_doc", "create_index", "auto_configure"] }] },
    },
    users: { [WRITER_USER]: { roles: ["fluent-bit-writer"] } } as Record<string, { roles: string[] }>,
    ilmPolicy: { policy: { phases: { hot: { actions: {} }, delete: { min_age: `${i.retentionDays}d`, actions: { delete: {} } } } } },
    indexTemplate: {
      index_patterns: [pattern],
      priority: 200,
      template: { settings: { "index.lifecycle.name": RETENTION_POLICY, "index.number_of_replicas": i.indexReplicas } },
    },
  };
}

/** The files of the setup Secret, mounted at {@link CURL_CREDENTIALS_DIR}. */
export const SETUP_FILES = {
  /** curl's credentials: the `elastic` superuser. */
  curlConfig: CURL_CONFIG_FILE,
  /** Body setting the `kibana_system` password. */
  kibanaSystemPassword: "kibana-system-password.json",
  /** Body creating Fluent Bit's writer user. */
  writerUser: `${WRITER_USER}-user.json`,
} as const;
export type SetupFile = keyof typeof SETUP_FILES;

/** The passwords the setup job applies (the service users' are derived from `elastic`'s). */
export interface SetupPasswords {
  elastic: string;
  kibanaSystem: string;
  writer: string;
}

/** The contents of the setup Secret's files, from the passwords. */
export function securitySetupFiles(p: SetupPasswords): Record<SetupFile, string> {
  const users = securityObjects({ indexPrefix: "unused", retentionDays: 1, indexReplicas: 0 }).users;
  return {
    curlConfig: curlUserConfig("elastic", p.elastic),
    kibanaSystemPassword: JSON.stringify({ password: p.kibanaSystem }),
    writerUser: JSON.stringify({ password: p.writer, roles: users[WRITER_USER].roles }),
  };
}

/** The shell script (POSIX sh + curl). */
export function securitySetupScript(i: Pick<SecuritySetupInput<unknown>, "namespace" | "indexPrefix" | "retentionDays" | "indexReplicas" | "archive">): string {
  const o = securityObjects(i);
  const json = (v: unknown) => `'${JSON.stringify(v)}'`;
  const file = (f: SetupFile) => `--data-binary @${CURL_CREDENTIALS_DIR}/${SETUP_FILES[f]}`;
  return [
    "#!/bin/sh",
    "set -eu",
    `ES="https://${ELASTICSEARCH}.${i.namespace}.svc:${ES_HTTP_PORT}"`,
    `es() { method="$1"; path="$2"; shift 2; curl --config ${CURL_CREDENTIALS_DIR}/${SETUP_FILES.curlConfig} --silent --show-error --fail --cacert /tls/ca.crt -H "Content-Type: application/json" -X "$method" "$ES$path" "$@"; echo; }`,
    "tries=0",
    'until es GET "/_cluster/health?wait_for_status=yellow&timeout=10s" >/dev/null 2>&1; do',
    '  tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "Elasticsearch not healthy after 10 minutes" >&2; exit 1; }',
    "  sleep 5",
    "done",
    `es POST /_security/user/kibana_system/_password ${file("kibanaSystemPassword")}`,
    ...Object.entries(o.roles).map(([name, body]) => `es PUT /_security/role/${name} -d ${json(body)}`),
    `es PUT /_security/user/${WRITER_USER} ${file("writerUser")}`,
    `es PUT /_ilm/policy/${RETENTION_POLICY} -d ${json(o.ilmPolicy)}`,
    `es PUT /_index_template/${i.indexPrefix} -d ${json(o.indexTemplate)}`,
    // The archive: registering the repository verifies that every node can write to the bucket.
    ...(o.archive
      ? [
          `es PUT /_snapshot/${ARCHIVE_REPOSITORY} -d ${json(o.archive.repository)}`,
          `es PUT /_slm/policy/${ARCHIVE_SLM_POLICY} -d ${json(o.archive.slmPolicy)}`,
        ]
      : []),
    'echo "security setup applied"',
    "",
  ].join("\n");
}

/** The setup objects: the service users' Secret, the script ConfigMap and the Job. */
export function securitySetupManifests<S>(i: SecuritySetupInput<S>) {
  const ns = i.namespace;
  const labels = appLabels(SECURITY_SETUP);
  const script = securitySetupScript(i);
  const secret = opaqueSecretManifest(
    { name: SETUP_SECRET, namespace: ns, labels },
    Object.fromEntries((Object.keys(SETUP_FILES) as SetupFile[]).map((f) => [SETUP_FILES[f], i.files[f]])),
  );
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${SECURITY_SETUP}-script`, namespace: ns, labels },
    data: { "setup.sh": script },
  };
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    // The script's digest is in the name: a changed script is a new Job (a Job's pod template is immutable).
    metadata: { name: `${SECURITY_SETUP}-${hash(script).slice(0, 8)}`, namespace: ns, labels },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(ELASTIC_UID),
          containers: [
            {
              name: "setup",
              image: i.image,
              command: ["sh", "/scripts/setup.sh"],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
              securityContext: restrictedContainerSecurityContext(ELASTIC_UID),
              volumeMounts: [
                { name: "script", mountPath: "/scripts", readOnly: true },
                { name: "credentials", mountPath: CURL_CREDENTIALS_DIR, readOnly: true },
                { name: "tls", mountPath: "/tls", readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "script", configMap: { name: configMap.metadata.name } },
            // Readable by the job's group (fsGroup) only.
            { name: "credentials", secret: { secretName: SETUP_SECRET, defaultMode: 0o440 } },
            { name: "tls", secret: { secretName: i.tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } },
          ],
        },
      },
    },
  };
  return { secret, configMap, job };
}
