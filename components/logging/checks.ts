/** The logging concern's checks: the credentials it needs, and a TLS Secret when the stack issues no certificate. */
import type { ConfigIssue } from "../../core/config/errors";
import { missingSecretIssue } from "../../core/config/secret-keys";
import { issuesLoggingCertificate } from "../../core/log-store";
import type { LoggingStackConfig } from "./settings";

/** Problems of the `logging` section against the credentials and the capabilities. */
export function loggingIssues(c: LoggingStackConfig): ConfigIssue[] {
  if (!c.features.logging) return [];
  const issues: ConfigIssue[] = [];
  if (!c.credentials.elasticsearchPassword) issues.push(missingSecretIssue("elasticsearchPassword", "features.logging is on"));
  if (c.logging.mode === "in-cluster" && !c.credentials.kibanaEncryptionKey) {
    issues.push(missingSecretIssue("kibanaEncryptionKey", "logging.mode is in-cluster"));
  }
  if (c.logging.mode === "in-cluster" && !c.logging.elasticsearch.tlsSecretName && !issuesLoggingCertificate(c)) {
    issues.push({
      key: "logging.elasticsearch.tlsSecretName",
      message:
        "is required when the stack does not issue certificates itself (features.certificates, helmReleases and tlsResources all on): name a kubernetes.io/tls Secret with ca.crt",
    });
  }
  const es = c.logging.elasticsearch;
  if (es.kibanaTlsSecretName && es.kibanaTlsSecretName === es.tlsSecretName) {
    issues.push({
      key: "logging.elasticsearch.kibanaTlsSecretName",
      value: es.kibanaTlsSecretName,
      message: "must differ from logging.elasticsearch.tlsSecretName: Kibana must not hold Elasticsearch's private key",
    });
  }
  return issues;
}
