/** The logging concern: Fluent Bit on every node and, unless logging.mode is external, Elasticsearch and Kibana. */
import type { ConfigIssue } from "../../core/config/errors";
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { GDPR_POD_LABELS } from "../compliance/gdpr-retention";
import { Logging } from "./component";
import { loggingSchema } from "./schema";

/** Whether this stack issues the Elasticsearch certificate itself (cert-manager and the internal CA are deployed). */
export function issuesLoggingCertificate(c: Pick<StackConfig, "features" | "capabilities">): boolean {
  return c.features.certificates && c.capabilities.helm && c.capabilities.tls;
}

function loggingIssues(c: StackConfig): ConfigIssue[] {
  if (!c.features.logging) return [];
  const issues: ConfigIssue[] = [];
  if (!c.credentials.elasticsearchPassword) issues.push({ key: "elasticsearchPassword", message: "is required (as a secret) when features.logging is on" });
  if (c.logging.mode === "in-cluster" && !c.credentials.kibanaEncryptionKey) {
    issues.push({ key: "kibanaEncryptionKey", message: "is required (as a secret) when logging.mode is in-cluster" });
  }
  if (c.logging.mode === "in-cluster" && !c.logging.elasticsearch.tlsSecretName && !issuesLoggingCertificate(c)) {
    issues.push({
      key: "logging.elasticsearch.tlsSecretName",
      message:
        "is required when the stack does not issue certificates itself (features.certificates, helmReleases and tlsResources all on): name a kubernetes.io/tls Secret with ca.crt",
    });
  }
  return issues;
}

export const loggingFeature: Feature<StackConfig, StackConfig> & { readonly sections: { logging: typeof loggingSchema } } = {
  name: "logging",
  switches: { logging: { description: "Fluent Bit and (unless logging.mode is external) Elasticsearch and Kibana.", default: true } },
  sections: { logging: loggingSchema },
  checks: loggingIssues,
  resolve: (c: StackConfig) => (c.features.logging ? c : undefined),
  namespaces: (c) => [
    {
      name: c.logging.namespace,
      purpose: "Fluent Bit, Elasticsearch and Kibana",
      // Fluent Bit's hostPath volumes are forbidden from baseline up; everything else it does stays within baseline.
      podSecurityNeed: {
        level: "privileged" as const,
        reason:
          "features.logging is on: Fluent Bit reads the node's container logs (/var/log, read-only) and keeps its read offsets in /var/lib/fluent-bit through hostPath volumes, which baseline already forbids; Elasticsearch, Kibana and the setup job in it are restricted-compliant",
      },
    },
  ],
  create: (c, handles, opts) => {
    const component = new Logging(
      "logging",
      {
        ctx: legacyContext(c, handles),
        certificateDependsOn: [...(handles.dependencies.get("certificates") ?? [])],
        elasticsearchClients: c.features.compliance ? [{ namespace: c.compliance.namespace, podLabels: { ...GDPR_POD_LABELS } }] : [],
      },
      opts,
    );
    return { component, provides: { logging: [component] } };
  },
};
