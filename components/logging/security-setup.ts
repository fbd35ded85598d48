/**
 * The security setup Job of the in-cluster Elasticsearch: waits for the cluster, then (idempotently) sets the
 * `kibana_system` password, creates the least-privilege roles and users of Fluent Bit (write only) and of the GDPR
 * retention job (read and delete only), and the ILM policy + index template that delete log indices after
 * `retentionDays`. Passwords come from the environment, never from the script or the ConfigMap.
 */
import { RETENTION_USER, WRITER_USER } from "../../core/log-store";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { ELASTICSEARCH, ELASTIC_UID, ES_HTTP_PORT, SECRETS, SECURITY_SETUP, appLabels } from "./names";
import { hash } from "./fluent-bit";
import { opaqueSecretManifest } from "../../core/secret-manifest";

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
  /** Derived passwords of the service users. */
  kibanaSystemPassword: S;
  writerPassword: S;
  retentionPassword: S;
  /** TLS Secret whose ca.crt verifies Elasticsearch. */
  tlsSecretName: string;
}

/** Name of the ILM policy that deletes old log indices. */
export const RETENTION_POLICY = "k8s-logs-retention";

/** Name of the Secret with the service users' passwords the setup job applies. */
export const SETUP_SECRET = "elasticsearch-service-users";

/** What the setup job applies, as plain data (the script sends exactly these bodies). */
export function securityObjects(i: Pick<SecuritySetupInput<unknown>, "indexPrefix" | "retentionDays" | "indexReplicas">) {
  const pattern = `${i.indexPrefix}-*`;
  return {
    roles: {
      "fluent-bit-writer": { cluster: ["monitor"], indices: [{ names: [pattern], privileges: ["create_doc", "create_index", "auto_configure"] }] },
      "gdpr-retention": { cluster: ["monitor"], indices: [{ names: [pattern], privileges: ["read", "delete", "view_index_metadata"] }] },
    },
    users: { [WRITER_USER]: { roles: ["fluent-bit-writer"] }, [RETENTION_USER]: { roles: ["gdpr-retention"] } } as Record<string, { roles: string[] }>,
    ilmPolicy: { policy: { phases: { hot: { actions: {} }, delete: { min_age: `${i.retentionDays}d`, actions: { delete: {} } } } } },
    indexTemplate: {
      index_patterns: [pattern],
      priority: 200,
      template: { settings: { "index.lifecycle.name": RETENTION_POLICY, "index.number_of_replicas": i.indexReplicas } },
    },
  };
}

/** The shell script (POSIX sh + curl). */
export function securitySetupScript(i: SecuritySetupInput<unknown>): string {
  const o = securityObjects(i);
  const json = (v: unknown) => `'${JSON.stringify(v)}'`;
  const userBody = (user: string, passwordVar: string) =>
    `"{\\"password\\":\\"\${${passwordVar}}\\",\\"roles\\":${JSON.stringify(o.users[user].roles).replace(/"/g, '\\"')}}"`;
  return [
    "#!/bin/sh",
    "set -eu",
    `ES="https://${ELASTICSEARCH}.${i.namespace}.svc:${ES_HTTP_PORT}"`,
    'es() { method="$1"; path="$2"; shift 2; curl --silent --show-error --fail --cacert /tls/ca.crt -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json" -X "$method" "$ES$path" "$@"; echo; }',
    "tries=0",
    'until es GET "/_cluster/health?wait_for_status=yellow&timeout=10s" >/dev/null 2>&1; do',
    '  tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "Elasticsearch not healthy after 10 minutes" >&2; exit 1; }',
    "  sleep 5",
    "done",
    'es POST /_security/user/kibana_system/_password -d "{\\"password\\":\\"${KIBANA_SYSTEM_PASSWORD}\\"}"',
    ...Object.entries(o.roles).map(([name, body]) => `es PUT /_security/role/${name} -d ${json(body)}`),
    `es PUT /_security/user/${WRITER_USER} -d ${userBody(WRITER_USER, "WRITER_PASSWORD")}`,
    `es PUT /_security/user/${RETENTION_USER} -d ${userBody(RETENTION_USER, "RETENTION_PASSWORD")}`,
    `es PUT /_ilm/policy/${RETENTION_POLICY} -d ${json(o.ilmPolicy)}`,
    `es PUT /_index_template/${i.indexPrefix} -d ${json(o.indexTemplate)}`,
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
    { "kibana-system-password": i.kibanaSystemPassword, "writer-password": i.writerPassword, "retention-password": i.retentionPassword },
  );
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${SECURITY_SETUP}-script`, namespace: ns, labels },
    data: { "setup.sh": script },
  };
  const fromSecret = (name: string, secretName: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
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
              env: [
                fromSecret("ELASTIC_PASSWORD", SECRETS.elastic, "password"),
                fromSecret("KIBANA_SYSTEM_PASSWORD", SETUP_SECRET, "kibana-system-password"),
                fromSecret("WRITER_PASSWORD", SETUP_SECRET, "writer-password"),
                fromSecret("RETENTION_PASSWORD", SETUP_SECRET, "retention-password"),
              ],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
              securityContext: restrictedContainerSecurityContext(ELASTIC_UID),
              volumeMounts: [
                { name: "script", mountPath: "/scripts", readOnly: true },
                { name: "tls", mountPath: "/tls", readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "script", configMap: { name: configMap.metadata.name } },
            { name: "tls", secret: { secretName: i.tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } },
          ],
        },
      },
    },
  };
  return { secret, configMap, job };
}
