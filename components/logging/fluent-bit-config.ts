/**
 * Fluent Bit's configuration (classic format): tail every container log on the node, enrich with Kubernetes
 * metadata, ship to Elasticsearch over verified TLS with a password from the environment, and bound what a slow
 * or unreachable store may cost the node (memory buffer, disk queue, retries).
 */
import { AUDIT_LOG_TAG } from "../../core/audit-log";
import type { LogStoreEndpoint } from "../../core/log-store";

/** Inputs of {@link fluentBitConfig}. */
export interface FluentBitConfigInput {
  /** The log store. */
  endpoint: LogStoreEndpoint;
  /** Where the in-cluster store's CA comes from (mounted at `FLUENT_BIT_PATHS.ca`); none for an external endpoint. */
  elasticsearchCa?: { configMap: string; key: string };
  /** Namespace Fluent Bit runs in, alone (its own logs are excluded to avoid a feedback loop). */
  namespace: string;
  /** Prefix of the daily indices. */
  indexPrefix: string;
  /** `Mem_Buf_Limit` of the tail input. */
  memBufLimit: string;
  /** `storage.total_limit_size` of the output (disk queue). */
  storageLimit: string;
  /** `Retry_Limit` of the output. */
  retryLimit: number;
  /** Seconds between flushes. */
  flushSeconds: number;
  /** The API server's audit log on the control-plane nodes, when it is ours to ship (a self-managed control plane). */
  auditLogPath?: string;
}

/** Where the pod mounts things the configuration names. */
export const FLUENT_BIT_PATHS = {
  /** The ConfigMap (this configuration). */
  config: "/fluent-bit/etc/ecommerce",
  /** Offsets database and filesystem buffer (a writable hostPath, so a restart neither loses nor repeats logs). */
  state: "/var/lib/fluent-bit",
  /** CA bundle of the in-cluster Elasticsearch (the TLS Secret's ca.crt). */
  ca: "/fluent-bit/tls",
} as const;

/** The parser of the audit log's lines: JSON, timed by the event's `stageTimestamp` (when the response was sent). */
export const AUDIT_PARSER = "k8s-audit";

/** The parsers file, when the audit log is shipped. */
export function auditParsers(): string {
  return [
    "[PARSER]",
    `    Name        ${AUDIT_PARSER}`,
    "    Format      json",
    "    Time_Key    stageTimestamp",
    "    Time_Format %Y-%m-%dT%H:%M:%S.%LZ",
    "    Time_Keep   On",
    "",
  ].join("\n");
}

/** Environment variables the configuration reads (set from Secrets in the DaemonSet). */
export const FLUENT_BIT_ENV = { password: "ES_PASSWORD" } as const;

/** The files of the Fluent Bit ConfigMap. */
export function fluentBitConfig(i: FluentBitConfigInput): Record<string, string> {
  const tls = i.elasticsearchCa ? [`    tls.ca_file          ${FLUENT_BIT_PATHS.ca}/ca.crt`] : [];
  /** The store's output for one tag pattern and index prefix: the same endpoint, user, TLS and limits for every input. */
  const output = (match: string, prefix: string) => [
    "[OUTPUT]",
    "    Name                 es",
    `    Match                ${match}`,
    `    Host                 ${i.endpoint.host}`,
    `    Port                 ${i.endpoint.port}`,
    `    HTTP_User            ${i.endpoint.writerUser}`,
    `    HTTP_Passwd          \${${FLUENT_BIT_ENV.password}}`,
    "    tls                  On",
    "    tls.verify           On",
    ...tls,
    "    Logstash_Format      On",
    `    Logstash_Prefix      ${prefix}`,
    "    Write_Operation      create",
    "    Suppress_Type_Name   On",
    "    Replace_Dots         On",
    "    Trace_Error          On",
    "    Buffer_Size          512KB",
    `    Retry_Limit          ${i.retryLimit}`,
    `    storage.total_limit_size ${i.storageLimit}`,
    "",
  ];
  // The API server's audit log (one JSON event per line) on the control-plane nodes; nodes without the file send nothing.
  // Its own indices (`<prefix>-audit-*`, still under the store's `<prefix>-*` lifecycle and the writer's grant).
  const audit = i.auditLogPath
    ? {
        input: [
          "[INPUT]",
          "    Name                 tail",
          `    Tag                  ${AUDIT_LOG_TAG}`,
          `    Path                 ${i.auditLogPath}`,
          `    Parser               ${AUDIT_PARSER}`,
          `    DB                   ${FLUENT_BIT_PATHS.state}/audit.db`,
          "    DB.locking           true",
          `    Mem_Buf_Limit        ${i.memBufLimit}`,
          "    Skip_Long_Lines      Off",
          "    Buffer_Max_Size      1MB",
          "    Refresh_Interval     10",
          "    storage.type         filesystem",
          "",
        ],
        output: output(AUDIT_LOG_TAG, `${i.indexPrefix}-audit`),
      }
    : undefined;
  const conf = [
    "[SERVICE]",
    `    Flush                ${i.flushSeconds}`,
    "    Daemon               off",
    "    Log_Level            info",
    "    HTTP_Server          On",
    "    HTTP_Listen          0.0.0.0",
    "    HTTP_Port            2020",
    "    Health_Check         On",
    `    storage.path         ${FLUENT_BIT_PATHS.state}/buffer`,
    "    storage.sync         normal",
    "    storage.checksum     off",
    "    storage.backlog.mem_limit 5M",
    ...(audit ? [`    Parsers_File         ${FLUENT_BIT_PATHS.config}/parsers.conf`] : []),
    "",
    "[INPUT]",
    "    Name                 tail",
    "    Tag                  kube.*",
    "    Path                 /var/log/containers/*.log",
    `    Exclude_Path         /var/log/containers/fluent-bit-*_${i.namespace}_*.log`,
    "    multiline.parser     docker, cri",
    `    DB                   ${FLUENT_BIT_PATHS.state}/tail.db`,
    "    DB.locking           true",
    `    Mem_Buf_Limit        ${i.memBufLimit}`,
    "    Skip_Long_Lines      On",
    "    Refresh_Interval     10",
    "    storage.type         filesystem",
    "",
    ...(audit?.input ?? []),
    "[FILTER]",
    "    Name                 kubernetes",
    "    Match                kube.*",
    "    Kube_URL             https://kubernetes.default.svc:443",
    "    Kube_CA_File         /var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    "    Kube_Token_File      /var/run/secrets/kubernetes.io/serviceaccount/token",
    "    Kube_Tag_Prefix      kube.var.log.containers.",
    "    Merge_Log            On",
    "    Keep_Log             Off",
    "    K8S-Logging.Parser   On",
    // Off: with On, any pod annotated fluentbit.io/exclude: "true" would hide its own logs from the store.
    "    K8S-Logging.Exclude  Off",
    "    Labels               On",
    // Annotations can carry configuration someone considered private; labels are enough to find a workload.
    "    Annotations          Off",
    "",
    ...output("kube.*", i.indexPrefix),
    ...(audit?.output ?? []),
  ].join("\n");
  return audit ? { "fluent-bit.conf": conf, "parsers.conf": auditParsers() } : { "fluent-bit.conf": conf };
}
