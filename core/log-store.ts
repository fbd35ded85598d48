/**
 * The log store as the concerns other than logging see it (compliance's GDPR log-retention job, on an external store): where it is, who
 * authenticates how, which indices hold the logs and how long it keeps them, whether this stack issues its TLS
 * certificate, and how a client in another namespace reaches it. The `logging` section belongs to
 * components/logging; other concerns read it only through here.
 */
import { installsRelease, type ChartsConfig } from "./config/charts";
import type { Capabilities, PlatformConfig } from "./config/platform";

/**
 * Key of the handles' `dependencies` (core/handles.ts) under which the logging concern lists what a client of the log store
 * waits for (its component: the store, its users and the retention policy are set up).
 */
export const LOGGING_DEPENDENCY = "logging";

/** Elasticsearch's client Service and StatefulSet name, and the `app.kubernetes.io/name` of its pods. */
export const ELASTICSEARCH = "elasticsearch";
/** Elasticsearch's HTTPS port. */
export const ES_HTTP_PORT = 9200;

/** The in-cluster user the security setup job creates for Fluent Bit (an external endpoint has one configured user). */
export const WRITER_USER = "fluent-bit";

/** The parts of the `logging` section the log store's facts depend on. */
export interface LogStoreSection {
  mode: "in-cluster" | "external";
  namespace: string;
  fluentBit: { namespace: string };
  external?: { host: string; port: number; username: string };
  elasticsearch: { tlsSecretName?: string };
  indexPrefix: string;
  retentionDays: number;
  archive?: { retentionDays: number };
}

/** The log store as its clients see it. */
export interface LogStoreEndpoint {
  /** True for the Elasticsearch of this stack (TLS from the internal CA), false for an external endpoint (public CAs). */
  inCluster: boolean;
  /** Host name clients connect to (covered by the server certificate). */
  host: string;
  /** HTTPS port. */
  port: number;
  /** Base URL. */
  url: string;
  /** User Fluent Bit writes as; on an external endpoint also the one the GDPR log-retention job deletes as. */
  writerUser: string;
}

/** The endpoint of the configured log store (the schema requires `external` when the mode is external). */
export function logStoreEndpoint(c: Pick<LogStoreSection, "mode" | "namespace" | "external">): LogStoreEndpoint {
  if (c.mode === "external") {
    if (!c.external) throw new Error("logging.external: is required when logging.mode is external");
    const { host, port, username } = c.external;
    return { inCluster: false, host, port, url: `https://${host}:${port}`, writerUser: username };
  }
  const host = `${ELASTICSEARCH}.${c.namespace}.svc`;
  return { inCluster: true, host, port: ES_HTTP_PORT, url: `https://${host}:${ES_HTTP_PORT}`, writerUser: WRITER_USER };
}

/** Whether this stack issues the log store's certificates itself: cert-manager and the internal CA are deployed. */
export function issuesLoggingCertificate(c: {
  features: Readonly<Record<string, boolean>>;
  capabilities: Pick<Capabilities, "helm" | "tls">;
  charts: ChartsConfig;
}): boolean {
  return c.features.certificates && installsRelease(c, "cert-manager") && c.capabilities.tls;
}

/** The log store of a stack, as the logging concern deploys it and its clients use it. */
export interface LogStore<Credential> {
  /** Namespace of the in-cluster store (Elasticsearch, Kibana): restricted. */
  namespace: string;
  /** Namespace of the log collector (Fluent Bit), the only one of the logging concern below restricted. */
  collectorNamespace: string;
  /** Where the store is and which users write and delete. */
  endpoint: LogStoreEndpoint;
  /** Prefix of the daily indices (`<prefix>-YYYY.MM.DD`). */
  indexPrefix: string;
  /** Days the store keeps the logs (the ILM delete phase of the in-cluster store). */
  retentionDays: number;
  /** The `elasticsearchPassword` secret: the `elastic` superuser's (in-cluster) or the external endpoint user's. */
  password: Credential;
  /** The `kubernetes.io/tls` Secret (with `ca.crt`) the operator provides for the in-cluster store, when there is one. */
  providedTlsSecretName?: string;
  /** Whether this stack issues certificates from the internal CA (see {@link issuesLoggingCertificate}). */
  stackIssuesCertificates: boolean;
}

/** The configuration the log store's facts come from. */
export type LogStoreInput<Credential> = Pick<PlatformConfig<Credential>, "features" | "capabilities" | "charts" | "credentials"> & { logging: LogStoreSection };

/**
 * The log store, or undefined when `features.logging` is off. Its password is present: the logging concern's checks
 * refuse a stack with logging on and no `elasticsearchPassword`.
 */
export function logStoreOf<Credential>(c: LogStoreInput<Credential>): LogStore<Credential> | undefined {
  if (!c.features.logging) return undefined;
  return {
    namespace: c.logging.namespace,
    collectorNamespace: c.logging.fluentBit.namespace,
    endpoint: logStoreEndpoint(c.logging),
    indexPrefix: c.logging.indexPrefix,
    retentionDays: c.logging.retentionDays,
    password: c.credentials.elasticsearchPassword!,
    providedTlsSecretName: c.logging.elasticsearch.tlsSecretName,
    stackIssuesCertificates: issuesLoggingCertificate(c),
  };
}

/** The egress a client of the log store in another namespace needs: the Elasticsearch pods, or the external endpoint's port. */
export function logStoreClientEgress(endpoint: LogStoreEndpoint, loggingNamespace: string, clusterCidrs: string[]) {
  if (endpoint.inCluster) {
    return {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": loggingNamespace } },
          podSelector: { matchLabels: { "app.kubernetes.io/name": ELASTICSEARCH } },
        },
      ],
      ports: [{ protocol: "TCP", port: ES_HTTP_PORT }],
    };
  }
  return { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: clusterCidrs } }], ports: [{ protocol: "TCP", port: endpoint.port }] };
}
