/**
 * `logging`: Fluent Bit on every node, and either Elasticsearch + Kibana in the cluster or an external
 * Elasticsearch-compatible endpoint. Credentials are the `elasticsearchPassword` and `kibanaEncryptionKey` secrets.
 */
import { z } from "zod";
import { cron, dnsLabel, hostname, portNumber, quantity } from "../../core/config/primitives";

/** A JVM heap size as `-Xms`/`-Xmx` take it: 512m, 1g. */
const jvmHeap = z.string().regex(/^[0-9]+[mg]$/, "must be a JVM heap size such as 512m or 1g");

/** The log archive: Elasticsearch snapshots of the log indices in S3 under Object Lock (PCI DSS 10.5.1). */
const archiveSchema = z.strictObject({
  /**
   * Days each snapshot is kept, and each object version stays locked from its upload: every log is archived at least
   * this long after it was written. At least 365 when `compliance.pciDss` is on (PCI DSS 10.5.1: 12 months).
   */
  retentionDays: z.number().int().min(1).max(3650).default(365),
  /** When Elasticsearch snapshots the log indices (five-field cron, UTC; the day-of-week must be `*`: SLM's Quartz syntax). */
  schedule: cron.default("30 1 * * *").refine((s) => s.trim().split(/\s+/)[4] === "*", "the day-of-week field must be * (snapshots run on days of the month)"),
  /** The archive bucket; `<cluster.name>-log-archive` when omitted. */
  bucketName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name")
    .optional(),
  /** AWS region of the bucket and its key; the platform's AWS region (`secrets.aws.region`, else `backup.region`) when omitted. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1")
    .optional(),
  /**
   * Object Lock mode: COMPLIANCE (no one, the account root included, can delete an archived snapshot blob or shorten its
   * lock before it expires) or GOVERNANCE (principals allowed `s3:BypassGovernanceRetention` can).
   */
  objectLockMode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
  /** Days the archive bucket's S3 server access logs (`<bucket>-access-logs`) are kept. */
  accessLogRetentionDays: z.number().int().min(1).max(3650).default(365),
});

/** Fluent Bit's own size notation (buffer limits): 50MB, 512KB, 1G. */
const fluentBitSize = z.string().regex(/^[0-9]+(K|KB|M|MB|G|GB)$/, "must be a Fluent Bit size such as 50MB, 512KB or 1G");

export const loggingSchema = z
  .strictObject({
    /** Where logs go: the in-cluster Elasticsearch, or an external endpoint (then no Elasticsearch/Kibana here). */
    mode: z.enum(["in-cluster", "external"]).default("in-cluster"),
    /** Namespace of Elasticsearch, Kibana and the setup job: restricted (Fluent Bit runs in `fluentBit.namespace`). */
    namespace: dnsLabel.default("logging"),
    /** The in-cluster Elasticsearch and Kibana (mode in-cluster). */
    elasticsearch: z
      .strictObject({
        /** Elasticsearch nodes (master + data each); 1 runs single-node discovery, 3+ give a quorum. */
        replicas: z.number().int().min(1).max(9).default(1),
        /** Size of each node's PersistentVolumeClaim. */
        storageSize: quantity.default("50Gi"),
        /** StorageClass of the PersistentVolumeClaims (encrypted at rest, e.g. gp3 with KMS). */
        storageClass: z.string().min(1).default("gp3"),
        /** Elasticsearch image (pinned); its `curl` also runs the security setup job. */
        image: z.string().min(1).default("docker.elastic.co/elasticsearch/elasticsearch:8.19.6"),
        /** Kibana image (pinned, same version as Elasticsearch). */
        kibanaImage: z.string().min(1).default("docker.elastic.co/kibana/kibana:8.19.6"),
        /** CPU request and limit of each Elasticsearch node. */
        cpu: quantity.default("1"),
        /** Memory request and limit of each Elasticsearch node (the heap takes about half). */
        memory: quantity.default("2Gi"),
        /** JVM heap (`-Xms`/`-Xmx`), at most half of `memory`. */
        heap: jvmHeap.default("1g"),
        /**
         * Existing `kubernetes.io/tls` Secret (with `ca.crt`) in the logging namespace for Elasticsearch (HTTP and
         * transport; its `ca.crt` is what the nodes trust). Required when cert-manager is not deployed by this stack
         * (features.certificates or features.helmReleases off); otherwise a Certificate from the logging namespace's
         * internal-CA Issuer (`internal-ca-issuer`) is issued into `elasticsearch-tls`.
         */
        tlsSecretName: dnsLabel.optional(),
        /**
         * Kibana's own `kubernetes.io/tls` Secret in the logging namespace, when `tlsSecretName` is provided (default
         * `kibana-tls`, which must then exist): Kibana never mounts Elasticsearch's key, only its `ca.crt`. Without
         * `tlsSecretName`, `kibana-tls` is issued from the internal CA.
         */
        kibanaTlsSecretName: dnsLabel.optional(),
      })
      .prefault({}),
    /** External Elasticsearch-compatible endpoint (mode external). */
    external: z
      .strictObject({
        /** Host name of the endpoint (HTTPS only). */
        host: hostname,
        /** HTTPS port. */
        port: portNumber.default(443),
        /** User Fluent Bit and the GDPR job authenticate as; its password is the `elasticsearchPassword` secret. */
        username: z.string().min(1).default("fluent-bit"),
      })
      .optional(),
    /** Fluent Bit image (pinned). */
    fluentBitImage: z.string().min(1).default("cr.fluentbit.io/fluent/fluent-bit:4.1.1"),
    /** Fluent Bit: its own namespace, its buffering and retries (what a slow or unreachable Elasticsearch may cost a node). */
    fluentBit: z
      .strictObject({
        /**
         * Namespace of Fluent Bit alone: the only one of the logging concern below restricted (its hostPath volumes need
         * privileged), so nothing else runs under that exception. Must differ from `namespace`.
         */
        namespace: dnsLabel.default("fluent-bit"),
        /**
         * With `elasticsearch.tlsSecretName` (certificates provided, not issued here): the ConfigMap in Fluent Bit's
         * namespace whose `ca.crt` verifies Elasticsearch, which you create (a Secret of the logging namespace cannot be
         * mounted there). Unused when the stack issues the certificates: Fluent Bit then trusts the internal CA's root
         * (`internal-ca` ConfigMap, written there by the certificates concern).
         */
        caConfigMapName: dnsLabel.default("elasticsearch-ca"),
        /** Memory the tail input may buffer before it pauses (`Mem_Buf_Limit`). */
        memBufLimit: fluentBitSize.default("50MB"),
        /** Disk the output may queue on the node while Elasticsearch is unreachable (`storage.total_limit_size`). */
        storageLimit: fluentBitSize.default("1G"),
        /** Retries of one chunk before it is dropped (`Retry_Limit`). */
        retryLimit: z.number().int().min(1).max(100).default(10),
        /** Seconds between flushes. */
        flushSeconds: z.number().int().min(1).max(60).default(5),
      })
      .prefault({}),
    /** Prefix of the daily log indices (`<prefix>-YYYY.MM.DD`). */
    indexPrefix: dnsLabel.default("k8s-logs"),
    /**
     * Days the logs stay searchable in Elasticsearch (ILM delete phase; at most `compliance.gdprRetentionDays`, at least
     * 90 when `compliance.pciDss` is on: PCI DSS 10.5.1 wants three months immediately available).
     */
    retentionDays: z.number().int().min(1).default(30),
    /**
     * The log archive (mode in-cluster): daily Elasticsearch snapshots into an S3 bucket with Object Lock and KMS,
     * reached through IRSA. Required when `compliance.pciDss` is on (12 months of audit logs).
     */
    archive: archiveSchema.optional(),
  })
  .superRefine((l, ctx) => {
    if (l.mode === "external" && !l.external) {
      ctx.addIssue({ code: "custom", path: ["external"], message: "is required when mode is external" });
    }
    if (l.mode === "in-cluster" && l.external) {
      ctx.addIssue({ code: "custom", path: ["external"], message: "is only used when mode is external; remove it or set mode: external" });
    }
    if (l.archive && l.mode === "external") {
      ctx.addIssue({
        code: "custom",
        path: ["archive"],
        message: "archives the in-cluster Elasticsearch: remove it with mode external (the endpoint's own retention applies)",
      });
    }
    if (l.fluentBit.namespace === l.namespace) {
      ctx.addIssue({
        code: "custom",
        path: ["fluentBit", "namespace"],
        message: `must differ from logging.namespace (${l.namespace}): Fluent Bit's namespace is privileged, Elasticsearch and Kibana stay restricted`,
      });
    }
  })
  .prefault({});

export type LoggingConfig = z.infer<typeof loggingSchema>;
