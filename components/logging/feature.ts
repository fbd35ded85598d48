/** The logging concern: Fluent Bit on every node and, unless logging.mode is external, Elasticsearch and Kibana. */
import type { Feature } from "../../core/feature";
import type { SecretCredential } from "../../core/secret-credentials";
import { LOGGING_DEPENDENCY } from "../../core/log-store";
import { loggingIssues } from "./checks";
import { FLUENT_BIT_HOST_PATHS } from "./fluent-bit";
import { FLUENT_BIT } from "./names";
import { Logging } from "./component";
import { loggingSchema } from "./schema";
import { resolveLogging, type LoggingStackConfig, type ResolvedLogging } from "./settings";

export const loggingFeature: Feature<LoggingStackConfig<SecretCredential>, ResolvedLogging> & { readonly sections: { logging: typeof loggingSchema } } = {
  name: "logging",
  switches: { logging: { description: "Fluent Bit and (unless logging.mode is external) Elasticsearch and Kibana.", default: true } },
  sections: { logging: loggingSchema },
  checks: loggingIssues,
  resolve: resolveLogging,
  // Fluent Bit alone in its own namespace, the only one below restricted; the store's namespace stays restricted, so
  // nothing else (Elasticsearch, Kibana, the setup job, or whatever lands there later) runs under Fluent Bit's exception.
  namespaces: (settings) => [
    ...(settings.inCluster ? [{ name: settings.namespace, purpose: "Elasticsearch, Kibana and their setup job" }] : []),
    {
      name: settings.fluentBit.namespace,
      purpose: "Fluent Bit (the node log collector), alone",
      // Fluent Bit's hostPath volumes are forbidden from baseline up; everything else it does stays within baseline.
      podSecurityNeed: {
        level: "privileged" as const,
        reason:
          "features.logging is on: Fluent Bit reads the node's container logs (/var/log, read-only) and keeps its read offsets in /var/lib/fluent-bit through hostPath volumes, which baseline already forbids; it runs alone in this namespace",
      },
    },
  ],
  // Inside the privileged namespace, Fluent Bit alone is excused, and only what reading the node's logs needs.
  podSecurityExemptions: (settings) => [
    {
      namespace: settings.fluentBit.namespace,
      workload: `DaemonSet/${FLUENT_BIT}`,
      controls: ["hostPathVolumes", "runAsNonRoot", "runAsUser"],
      hostPaths: [
        { path: FLUENT_BIT_HOST_PATHS.varLog, readOnly: true },
        { path: FLUENT_BIT_HOST_PATHS.state, readOnly: false },
      ],
      reason:
        "Fluent Bit reads the node's container logs (/var/log, read-only) as root, their owner (the files are 0640, no capability is kept), and keeps its read offsets and disk queue in its own host directory",
    },
  ],
  images: (settings) => [...(settings.inCluster ? [settings.inCluster.image, settings.inCluster.kibanaImage] : []), settings.fluentBit.image],
  create: (settings, handles, opts) => {
    const component = new Logging("logging", { settings, handles }, opts);
    return { component, provides: { [LOGGING_DEPENDENCY]: [component] } };
  },
};
