/** The logging concern's checks: the credentials it needs, and a TLS Secret when the stack issues no certificate. */
import type { ConfigIssue } from "../../core/config/errors";
import { missingSecretIssue } from "../../core/config/secret-keys";
import { issuesLoggingCertificate } from "../../core/log-store";
import { accessLogBucketNameProblem } from "../../core/access-log-policy";
import { platformAwsRegion } from "../../core/aws-region";
import { logArchiveBucketName, type LoggingStackConfig } from "./settings";

/** Problems of `logging.archive`: a region to put it in, IRSA for Elasticsearch, a bucket name S3 takes with its log bucket. */
function archiveIssues(c: LoggingStackConfig): ConfigIssue[] {
  const archive = c.logging.archive;
  if (!archive || c.logging.mode !== "in-cluster") return [];
  const issues: ConfigIssue[] = [];
  if (!archive.region && !platformAwsRegion(c)) {
    issues.push({ key: "logging.archive.region", message: "is required when neither secrets.aws.region nor backup.region names the stack's AWS region" });
  }
  // Elasticsearch reaches the bucket through IRSA, which needs an EKS cluster and its OIDC provider (the cluster schema requires it on EKS).
  if (c.cluster.flavor !== "eks") {
    issues.push({
      key: "logging.archive",
      message: "needs IRSA (Elasticsearch assumes the archive role with its service account token): set cluster.flavor to eks",
    });
  }
  if (c.capabilities.aws) {
    const bucket = logArchiveBucketName(c.cluster.name, archive.bucketName);
    const problem = accessLogBucketNameProblem(bucket);
    if (problem) issues.push({ key: archive.bucketName ? "logging.archive.bucketName" : "cluster.name", value: bucket, message: problem });
  }
  return issues;
}

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
        "is required when the stack does not issue certificates itself (features.certificates, helmReleases and tlsResources all on, charts.cert-manager.install not false): name a kubernetes.io/tls Secret with ca.crt",
    });
  }
  const es = c.logging.elasticsearch;
  issues.push(...archiveIssues(c));
  if (es.kibanaTlsSecretName && es.kibanaTlsSecretName === es.tlsSecretName) {
    issues.push({
      key: "logging.elasticsearch.kibanaTlsSecretName",
      value: es.kibanaTlsSecretName,
      message: "must differ from logging.elasticsearch.tlsSecretName: Kibana must not hold Elasticsearch's private key",
    });
  }
  return issues;
}
