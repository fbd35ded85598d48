/** Names and labels of the logging stack's objects, shared by its manifests, NetworkPolicies and consumers. */
import { componentLabels } from "../../core/labels";

/** Elasticsearch's client Service and StatefulSet name, and its HTTPS port: facts its clients share (core/log-store.ts). */
export { ELASTICSEARCH, ES_HTTP_PORT } from "../../core/log-store";
/** Headless Service giving each Elasticsearch pod a stable DNS name (discovery). */
export const ELASTICSEARCH_HEADLESS = "elasticsearch-headless";
/** Kibana's Deployment and Service name. */
export const KIBANA = "kibana";
/** Fluent Bit's DaemonSet, ServiceAccount and ClusterRole name. */
export const FLUENT_BIT = "fluent-bit";
/** The job that creates the service users, roles and the retention policy in Elasticsearch. */
export const SECURITY_SETUP = "elasticsearch-security-setup";
/** Elasticsearch's TLS Secret issued by cert-manager when no `tlsSecretName` is configured. */
export const DEFAULT_TLS_SECRET = "elasticsearch-tls";
/** Kibana's own TLS Secret issued by cert-manager when no `kibanaTlsSecretName` is configured. */
export const KIBANA_TLS_SECRET = "kibana-tls";

/** Secrets, one per consumer, so each pod references only the credential it uses. */
export const SECRETS = {
  /** Password of the built-in `elastic` superuser: Elasticsearch itself and the setup job. */
  elastic: "elasticsearch-elastic-credentials",
  /** Password of `kibana_system` and Kibana's encryption keys. */
  kibana: "kibana-credentials",
  /** Password Fluent Bit writes logs with. */
  fluentBit: "fluent-bit-credentials",
} as const;

/** Elasticsearch's transport port (node to node). */
export const ES_TRANSPORT_PORT = 9300;
/** Kibana's HTTPS port. */
export const KIBANA_PORT = 5601;
/** Fluent Bit's HTTP server (health and Prometheus metrics). */
export const FLUENT_BIT_HTTP_PORT = 2020;

/** Numeric user of the Elastic images (Elasticsearch and Kibana run as uid 1000, gid 0 in the image). */
export const ELASTIC_UID = 1000;

/** The labels selecting one app of the logging stack (what NetworkPolicies and Services match on). */
export function appSelector(app: string): Record<string, string> {
  return { "app.kubernetes.io/name": app };
}

/** Every label a logging object carries. */
export function appLabels(app: string): Record<string, string> {
  return { ...componentLabels("logging"), ...appSelector(app) };
}
