/**
 * The logging concern's resolved settings: the `logging` section with every default filled, the log store's facts
 * (core/log-store.ts, shared with the GDPR retention job), the credentials its checks guarantee, and the network
 * facts its NetworkPolicies need. Pure: tested without Pulumi.
 */
import { apiServerDestination, nonInternetRanges, operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import { platformAwsRegion, type AwsRegionInput } from "../../core/aws-region";
import type { PlatformConfig } from "../../core/config/platform";
import { controlPlaneAuditLogPath, eksAuditShipperOf, type AuditLogInput, type EksAuditShipperInput, type EksAuditShipperPods } from "../../core/audit-log";
import { INTERNAL_CA_CONFIGMAP, ROOT_CA_KEY } from "../../core/internal-ca";
import { logStoreOf, type LogStoreEndpoint } from "../../core/log-store";
import type { PeerPods } from "../../core/operator-network-policy";
import type { SecretCredential } from "../../core/secret-credentials";
import { DEFAULT_TLS_SECRET, KIBANA_TLS_SECRET } from "./names";
import type { LoggingConfig } from "./schema";

/** The configuration the logging concern reads: the platform-wide keys, its section, where the GDPR job runs, and the AWS region. */
export type LoggingStackConfig<Credential = string> = PlatformConfig<Credential> & { logging: LoggingConfig } & Pick<AuditLogInput, "audit"> &
  Pick<EksAuditShipperInput, "audit"> &
  AwsRegionInput;

/** The log archive (`logging.archive`): Elasticsearch snapshots of the log indices in S3 under Object Lock. */
export interface LogArchiveSettings {
  /** The bucket: `logging.archive.bucketName`, else `<cluster.name>-log-archive`. */
  bucketName: string;
  /** Region of the bucket and its key. */
  region: string;
  /** Days a snapshot is kept and each object version locked. */
  retentionDays: number;
  /** When snapshots are taken (five-field cron, UTC, day-of-week `*`). */
  schedule: string;
  /** Object Lock retention mode. */
  objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Days the bucket's access logs are kept. */
  accessLogRetentionDays: number;
  /** Name of the role Elasticsearch's S3 repository assumes through IRSA: `<cluster.name>-log-archive`. */
  roleName: string;
  /** Its ARN in the cluster's account (what Elasticsearch is told when the role is managed outside this stack). */
  roleArn: string;
  /** The bucket, key and role made here, when the stack may use AWS (capabilities.aws). */
  aws?: {
    /** The archive's region differs from the platform provider's: a provider of its own. */
    ownProvider: boolean;
    /** The cluster's IAM OIDC provider, which the role trusts. */
    oidcProviderArn: string;
    /** Protect the bucket and the key (`protectStatefulResources`). */
    protect: boolean;
    /** Who administers the key besides the deploying identity (`cluster.kmsKeyAdministrators`). */
    keyAdministrators: string[];
  };
}

/** The archive bucket: `logging.archive.bucketName`, else `<cluster>-log-archive`. */
export function logArchiveBucketName(clusterName: string, configured?: string): string {
  return configured ?? `${clusterName}-log-archive`;
}

/**
 * The archive's settings, or undefined without `logging.archive`, in mode external, or when what it needs is missing
 * (no AWS region, no OIDC provider: the checks report those).
 */
function resolveLogArchive<Credential>(c: LoggingStackConfig<Credential>): LogArchiveSettings | undefined {
  const archive = c.logging.archive;
  const region = archive?.region ?? platformAwsRegion(c);
  const oidcProviderArn = c.cluster.oidcProviderArn;
  if (!archive || c.logging.mode !== "in-cluster" || !region || !oidcProviderArn) return undefined;
  const roleName = `${c.cluster.name}-log-archive`;
  return {
    bucketName: logArchiveBucketName(c.cluster.name, archive.bucketName),
    region,
    retentionDays: archive.retentionDays,
    schedule: archive.schedule,
    objectLockMode: archive.objectLockMode,
    accessLogRetentionDays: archive.accessLogRetentionDays,
    roleName,
    roleArn: `arn:aws:iam::${oidcProviderArn.split(":")[4]}:role/${roleName}`,
    aws: c.capabilities.aws
      ? { ownProvider: region !== platformAwsRegion(c), oidcProviderArn, protect: c.protect, keyAdministrators: c.cluster.kmsKeyAdministrators ?? [] }
      : undefined,
  };
}

/** The in-cluster Elasticsearch and Kibana (`logging.mode` in-cluster). */
export interface InClusterLogStore<Credential> {
  /** Elasticsearch nodes (master + data each); 1 runs single-node discovery. */
  replicas: number;
  /** Size of each node's PersistentVolumeClaim. */
  storageSize: string;
  /** StorageClass of the PersistentVolumeClaims. */
  storageClass: string;
  /** Elasticsearch image (pinned); its `curl` also runs the security setup job. */
  image: string;
  /** Kibana image (pinned, same version as Elasticsearch). */
  kibanaImage: string;
  /** CPU request and limit of each node. */
  cpu: string;
  /** Memory request and limit of each node. */
  memory: string;
  /** JVM heap (`-Xms`/`-Xmx`). */
  heap: string;
  /**
   * Issue the Elasticsearch and Kibana certificates from the logging namespace's internal-CA Issuer (no Secret was
   * provided); Elasticsearch's transport then trusts only that namespace's CA.
   */
  issueCertificate: boolean;
  /** Kibana's own TLS Secret: `logging.elasticsearch.kibanaTlsSecretName`, else the one issued here (`kibana-tls`). */
  kibanaTlsSecretName: string;
  /** Protect the StatefulSet and retain its volumes (`protectStatefulResources`). */
  protect: boolean;
  /** The `kibanaEncryptionKey` secret (saved objects; the session and reporting keys are derived from it). */
  kibanaEncryptionKey: Credential;
}

/** Fluent Bit on every node. */
export interface FluentBitSettings {
  /** Its own namespace (`logging.fluentBit.namespace`), the only privileged one of the concern. */
  namespace: string;
  /**
   * The ConfigMap key in that namespace whose certificate verifies the in-cluster Elasticsearch: the internal CA's root
   * (`internal-ca`, `root-ca.crt`) when this stack issues the certificates, else `logging.fluentBit.caConfigMapName`'s
   * `ca.crt`; undefined for an external endpoint (public CAs).
   */
  elasticsearchCa?: { configMap: string; key: string };
  /** Fluent Bit image (pinned). */
  image: string;
  /** Memory the tail input may buffer before it pauses (`Mem_Buf_Limit`). */
  memBufLimit: string;
  /** Disk the output may queue on the node (`storage.total_limit_size`). */
  storageLimit: string;
  /** Retries of one chunk before it is dropped (`Retry_Limit`). */
  retryLimit: number;
  /** Seconds between flushes. */
  flushSeconds: number;
  /**
   * The API server's audit log on the control-plane nodes (core/audit-log.ts), tailed into `<indexPrefix>-audit-*`: on a
   * self-managed control plane with `features.audit`; undefined on EKS (its audit log is in CloudWatch Logs).
   */
  auditLogPath?: string;
}

/** What the logging NetworkPolicies admit and reach besides the logging namespace's own pods. */
export interface LoggingNetworkSettings {
  /** Cluster DNS (`network.dns`). */
  dns: PeerPods;
  /** The Prometheus scraper (`network.monitoring`): Fluent Bit's metrics port. */
  monitoring: PeerPods;
  /** Where the API server's endpoints are (`network.apiServer.cidrs`, else the node ranges). */
  apiServerCidrs: string[];
  /** The API server's ports (`network.apiServer.ports`). */
  apiServerPorts: number[];
  /** Ranges that are not "the internet" (private and the cluster's pod, service and node ranges). */
  clusterCidrs: string[];
  /** The internet and the VPC endpoints: where Elasticsearch reaches S3 and STS on 443 when it snapshots to the archive. */
  destinations: OperatorDestinations;
  /** On EKS, the audit concern's shipper (core/audit-log.ts): it writes the API server's audit events to Elasticsearch. */
  auditShipper?: EksAuditShipperPods;
}

/**
 * The logging concern as this stack deploys it.
 * @typeParam Credential  a Pulumi secret in the program; plaintext in the tests of {@link resolveLogging}.
 */
export interface ResolvedLogging<Credential = SecretCredential> {
  /** Namespace of Elasticsearch, Kibana and the setup job (restricted); Fluent Bit's is `fluentBit.namespace`. */
  namespace: string;
  /** The log store Fluent Bit ships to, and the users that write and delete. */
  endpoint: LogStoreEndpoint;
  /** Prefix of the daily indices. */
  indexPrefix: string;
  /** Days the in-cluster store keeps the logs (ILM delete phase). */
  retentionDays: number;
  /** The `elasticsearchPassword` secret: the `elastic` superuser's (in-cluster; the service users' are derived from it) or the external user's. */
  elasticsearchPassword: Credential;
  /** TLS Secret (tls.crt, tls.key, ca.crt) of Elasticsearch and Kibana: `logging.elasticsearch.tlsSecretName`, else the one issued here. */
  tlsSecretName: string;
  /** The in-cluster Elasticsearch and Kibana; undefined when `logging.mode` is external. */
  inCluster?: InClusterLogStore<Credential>;
  /** The log archive (snapshots to S3 under Object Lock); undefined without `logging.archive`. */
  archive?: LogArchiveSettings;
  /** Fluent Bit. */
  fluentBit: FluentBitSettings;
  /** The NetworkPolicies' peers and ranges. */
  network: LoggingNetworkSettings;
}

/**
 * The logging settings, or undefined when `features.logging` is off. The credentials are present: the checks refuse
 * a stack without `elasticsearchPassword`, or without `kibanaEncryptionKey` in mode in-cluster.
 */
export function resolveLogging<Credential>(c: LoggingStackConfig<Credential>): ResolvedLogging<Credential> | undefined {
  const store = logStoreOf(c);
  if (!store) return undefined;
  const { elasticsearch, fluentBit } = c.logging;
  return {
    namespace: store.namespace,
    endpoint: store.endpoint,
    indexPrefix: store.indexPrefix,
    retentionDays: store.retentionDays,
    elasticsearchPassword: store.password,
    tlsSecretName: store.providedTlsSecretName ?? DEFAULT_TLS_SECRET,
    inCluster: store.endpoint.inCluster
      ? {
          replicas: elasticsearch.replicas,
          storageSize: elasticsearch.storageSize,
          storageClass: elasticsearch.storageClass,
          image: elasticsearch.image,
          kibanaImage: elasticsearch.kibanaImage,
          cpu: elasticsearch.cpu,
          memory: elasticsearch.memory,
          heap: elasticsearch.heap,
          issueCertificate: !store.providedTlsSecretName,
          kibanaTlsSecretName: elasticsearch.kibanaTlsSecretName ?? KIBANA_TLS_SECRET,
          protect: c.protect,
          kibanaEncryptionKey: c.credentials.kibanaEncryptionKey!,
        }
      : undefined,
    archive: resolveLogArchive(c),
    fluentBit: {
      namespace: store.collectorNamespace,
      elasticsearchCa: !store.endpoint.inCluster
        ? undefined
        : store.providedTlsSecretName
          ? { configMap: fluentBit.caConfigMapName, key: "ca.crt" }
          : { configMap: INTERNAL_CA_CONFIGMAP, key: ROOT_CA_KEY },
      image: c.logging.fluentBitImage,
      memBufLimit: fluentBit.memBufLimit,
      storageLimit: fluentBit.storageLimit,
      retryLimit: fluentBit.retryLimit,
      flushSeconds: fluentBit.flushSeconds,
      ...(controlPlaneAuditLogPath(c) ? { auditLogPath: controlPlaneAuditLogPath(c) } : {}),
    },
    network: {
      dns: c.network.dns,
      monitoring: c.network.monitoring,
      apiServerCidrs: apiServerDestination(c).cidrs,
      apiServerPorts: apiServerDestination(c).ports,
      clusterCidrs: nonInternetRanges(c.cluster),
      destinations: operatorDestinations(c),
      ...(eksAuditShipperOf(c) ? { auditShipper: eksAuditShipperOf(c) } : {}),
    },
  };
}
