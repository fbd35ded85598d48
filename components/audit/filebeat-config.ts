/**
 * The EKS audit shipper's Filebeat configuration (filebeat.yml): one `aws-cloudwatch` input on the control-plane log
 * group, only its `kube-apiserver-audit-*` streams, and the Elasticsearch output to the log store as Fluent Bit writes
 * to it (the same endpoint, writer user and verified TLS) into the same daily indices as the self-managed control
 * plane's audit log, `<logging.indexPrefix>-audit-YYYY.MM.DD`. Every setting is one of Filebeat 8.19's documented
 * options; docs/audit.md says why each value. Pure: tested without Pulumi.
 */
import { Document, Scalar, visit } from "yaml";
import { EKS_AUDIT_STREAM_PREFIX } from "./eks";
import { AUDIT_EVENT_SCRIPT } from "./audit-event-script";

/** Inputs of {@link filebeatConfig}. */
export interface FilebeatConfigInput {
  /** The control-plane log group's ARN (without `:*`). */
  logGroupArn: string;
  /** `scan_frequency` and `latency` (Go durations). */
  scanFrequency: string;
  latency: string;
  /** The log store's base URL (`https://host:port`). */
  storeUrl: string;
  /** The writer user. */
  username: string;
  /** Prefix of the audit indices (`<logging.indexPrefix>-audit`). */
  auditIndexPrefix: string;
  /** Whether a CA file verifies the store (the in-cluster store); otherwise the image's public CAs do. */
  privateCa: boolean;
}

/** Where the pod mounts what the configuration names, and the environment it reads. */
export const FILEBEAT_PATHS = {
  /** The configuration file (Filebeat's default path in the image). */
  config: "/usr/share/filebeat/filebeat.yml",
  /** Filebeat's data directory (registry, meta), an emptyDir: the root filesystem is read-only. */
  data: "/usr/share/filebeat/data",
  /** Directory of the store's CA certificate (`ca.crt`). */
  ca: "/usr/share/filebeat/store-ca",
  /** The web identity token of IRSA (audience sts.amazonaws.com), where EKS's own injection would put it. */
  webIdentityToken: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
} as const;

/** The environment variable holding the writer's password (from a Secret), expanded by Filebeat in the configuration. */
export const FILEBEAT_PASSWORD_ENV = "ES_PASSWORD";

/** Filebeat's HTTP endpoint (its health and metrics), on the pod's own port only. */
export const FILEBEAT_HTTP_PORT = 5066;

/**
 * The date Filebeat appends to the audit indices (`%{+yyyy.MM.dd}` of each event's `@timestamp`, UTC), which is Fluent
 * Bit's `Logstash_Format` default (`%Y.%m.%d` of the record's time): both paths write `<prefix>-audit-YYYY.MM.DD`.
 */
export const FILEBEAT_INDEX_DATE = "%{+yyyy.MM.dd}";

/** The layout of the audit event's `stageTimestamp` (RFC 3339 with fractional seconds), in Go's reference-time notation. */
const STAGE_TIMESTAMP_LAYOUT = "2006-01-02T15:04:05.999999999Z07:00";

/** filebeat.yml as an object (what {@link filebeatConfigYaml} writes). */
export function filebeatConfig(i: FilebeatConfigInput) {
  return {
    filebeat: {
      inputs: [
        {
          type: "aws-cloudwatch",
          // Filebeat reads the group's name and region from the ARN; credentials come from IRSA's environment (AWS_ROLE_ARN,
          // AWS_WEB_IDENTITY_TOKEN_FILE) through the AWS SDK's default chain.
          log_group_arn: `${i.logGroupArn}:*`,
          log_stream_prefix: EKS_AUDIT_STREAM_PREFIX,
          // From the oldest event CloudWatch Logs still keeps, on every start: the input keeps no position across restarts
          // here (its data directory is an emptyDir), and each event's _id is its CloudWatch event ID, so what a restart
          // reads again is refused by Elasticsearch as a duplicate (409) instead of being indexed twice.
          start_position: "beginning",
          scan_frequency: i.scanFrequency,
          latency: i.latency,
          processors: [
            { script: { lang: "javascript", tag: "audit-event", source: AUDIT_EVENT_SCRIPT } },
            // @timestamp from the event's stageTimestamp (CloudWatch's own timestamp has whole seconds only), as Fluent Bit's parser does.
            { timestamp: { field: "stageTimestamp", layouts: [STAGE_TIMESTAMP_LAYOUT], test: ["2026-12-01T18:20:00.123456Z"], ignore_missing: true } },
          ],
        },
      ],
    },
    output: {
      elasticsearch: {
        hosts: [i.storeUrl],
        username: i.username,
        password: `\${${FILEBEAT_PASSWORD_ENV}}`,
        index: `${i.auditIndexPrefix}-${FILEBEAT_INDEX_DATE}`,
        ssl: { verification_mode: "full", ...(i.privateCa ? { certificate_authorities: [`${FILEBEAT_PATHS.ca}/ca.crt`] } : {}) },
      },
    },
    // The store's own index template and lifecycle (`<prefix>-*`, set up by the logging concern) cover the audit indices;
    // the writer may not manage templates or policies, and Filebeat must not try.
    setup: {
      template: { enabled: false, name: i.auditIndexPrefix, pattern: `${i.auditIndexPrefix}-*` },
      ilm: { enabled: false },
    },
    path: { data: FILEBEAT_PATHS.data },
    logging: { to_stderr: true, level: "info" },
    http: { enabled: true, host: "0.0.0.0", port: FILEBEAT_HTTP_PORT },
  };
}

/**
 * filebeat.yml. Strings that look like dates or times are quoted: a YAML 1.1 reader may otherwise take the timestamp
 * processor's layout and test value for timestamps rather than the strings Filebeat expects.
 */
export function filebeatConfigYaml(i: FilebeatConfigInput): string {
  const doc = new Document(filebeatConfig(i));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
