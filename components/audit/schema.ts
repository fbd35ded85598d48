/**
 * `audit`: where a self-managed control plane (`cluster.flavor: generic`) keeps the API server's audit log and policy,
 * and how it rotates the log: the `kube-apiserver` flags the stack outputs (`auditApiServerFlags`), as the
 * architecture document sets them. Fluent Bit tails `logPath` on the control-plane nodes into the log store. On EKS
 * (`cluster.flavor: eks`) AWS runs the API server and writes its audit log to CloudWatch Logs: `audit.eks` says how
 * the program delivers it from there into the same log store (docs/audit.md).
 */
import { z } from "zod";
import { dnsLabel, goDurationWithin } from "../../core/config/primitives";
import { CLOUDWATCH_RETENTION_DAYS } from "./eks";

/** An absolute file path on the node. */
const nodePath = z.string().regex(/^\/[A-Za-z0-9._/-]+$/, "must be an absolute path on the node, such as /var/log/kubernetes/audit.log");

export const auditSchema = z
  .strictObject({
    /** `--audit-log-path`: the audit log file on each control-plane node (under /var/log, where Fluent Bit reads). */
    logPath: nodePath.default("/var/log/kubernetes/audit.log"),
    /** `--audit-policy-file`: where the policy file (the `auditPolicy` output, audit/audit-policy.yaml) is placed on the node. */
    policyFile: nodePath.default("/etc/kubernetes/audit-policy.yaml"),
    /** `--audit-log-maxage`: days a rotated audit log file is kept on the node. */
    maxAgeDays: z.number().int().min(1).default(30),
    /** `--audit-log-maxbackup`: rotated audit log files kept on the node. */
    maxBackups: z.number().int().min(1).default(10),
    /** `--audit-log-maxsize`: megabytes of an audit log file before it is rotated. */
    maxSizeMegabytes: z.number().int().min(1).default(100),
    /**
     * EKS (`cluster.flavor: eks`, with `features.awsResources` and `features.logging`): the audit log group
     * `/aws/eks/<cluster.name>/cluster` delivered into the log store by a one-replica Filebeat that reads it through IRSA.
     */
    eks: z
      .strictObject({
        /** Deliver the EKS audit events into the log store (`<logging.indexPrefix>-audit-*`); false leaves them in CloudWatch Logs only. */
        shipToLogStore: z.boolean().default(true),
        /** Namespace of the shipper (restricted, its own: nothing else runs under its IRSA role). */
        namespace: dnsLabel.default("audit"),
        /** Filebeat image (pinned, the version of the product's Elasticsearch). */
        image: z.string().min(1).default("docker.elastic.co/beats/filebeat:8.19.6"),
        /** How often Filebeat asks CloudWatch Logs for new events (`scan_frequency`). */
        scanFrequency: goDurationWithin({ min: "10s", max: "10m", why: "FilterLogEvents is billed and rate-limited per account" }).default("1m"),
        /**
         * How far behind the present each scan stops (`latency`): EKS delivers control-plane logs to CloudWatch Logs with a
         * delay, and an event whose timestamp falls in a window already scanned when it arrives would be skipped.
         */
        latency: goDurationWithin({ max: "1h" }).default("5m"),
        /**
         * Days CloudWatch Logs keeps the control-plane log group. Unset: the program leaves the group alone (EKS creates
         * it without expiry). Set: the program manages the group's retention; import the group first when EKS already
         * created it (docs/audit.md). It also bounds what the shipper re-reads after a restart.
         */
        logGroupRetentionDays: z
          .number()
          .int()
          .refine(
            (d) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(d),
            `must be a retention CloudWatch Logs accepts: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
          )
          .optional(),
        /**
         * With `logging.elasticsearch.tlsSecretName` (certificates provided, not issued here): the ConfigMap in the shipper's
         * namespace whose `ca.crt` verifies Elasticsearch, which you create. Unused when the stack issues the certificates
         * (the internal CA's root is written there) or the store is external (public CAs).
         */
        caConfigMapName: dnsLabel.default("elasticsearch-ca"),
      })
      .prefault({}),
  })
  .prefault({});

export type AuditConfig = z.infer<typeof auditSchema>;

/** The keys of a self-managed control plane's audit file (the `kube-apiserver` flags). */
export type ApiServerAuditConfig = Omit<AuditConfig, "eks">;
