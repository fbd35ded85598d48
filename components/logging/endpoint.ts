/** Where the log store is and who talks to it: one answer for Fluent Bit, Kibana and the GDPR retention job. */
import { ELASTICSEARCH, ES_HTTP_PORT } from "./names";

/** The parts of `logging` config the endpoint depends on. */
export interface LogStoreConfig {
  mode: "in-cluster" | "external";
  namespace: string;
  external?: { host: string; port: number; username: string };
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
  /** User Fluent Bit writes as. */
  writerUser: string;
  /** User the GDPR retention job deletes as. */
  retentionUser: string;
}

/** In-cluster users created by the security setup job (external endpoints: one configured user for both). */
export const WRITER_USER = "fluent-bit";
export const RETENTION_USER = "gdpr-retention";

/** The endpoint of the configured log store. */
export function logStoreEndpoint(c: LogStoreConfig): LogStoreEndpoint {
  if (c.mode === "external") {
    if (!c.external) throw new Error("logging.external: is required when logging.mode is external");
    const { host, port, username } = c.external;
    return { inCluster: false, host, port, url: `https://${host}:${port}`, writerUser: username, retentionUser: username };
  }
  const host = `${ELASTICSEARCH}.${c.namespace}.svc`;
  return { inCluster: true, host, port: ES_HTTP_PORT, url: `https://${host}:${ES_HTTP_PORT}`, writerUser: WRITER_USER, retentionUser: RETENTION_USER };
}
