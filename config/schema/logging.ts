/** `logging`: Fluent Bit, and Elasticsearch + Kibana in the cluster or an external endpoint. */
import { z } from "zod";
import { hostname, portNumber, quantity } from "./primitives";

export const loggingSchema = z
  .strictObject({
    /** Where logs go: the in-cluster Elasticsearch, or an external endpoint (then no Elasticsearch/Kibana here). */
    mode: z.enum(["in-cluster", "external"]).default("in-cluster"),
    /** Namespace of the logging stack. */
    namespace: z.string().default("logging"),
    elasticsearch: z
      .strictObject({
        replicas: z.number().int().min(1).max(9).default(1),
        storageSize: quantity.default("50Gi"),
        storageClass: z.string().default("gp3"),
        image: z.string().default("docker.elastic.co/elasticsearch/elasticsearch:8.19.6"),
        kibanaImage: z.string().default("docker.elastic.co/kibana/kibana:8.19.6"),
      })
      .prefault({}),
    /** External Elasticsearch-compatible endpoint (mode external). */
    external: z.strictObject({ host: hostname, port: portNumber.default(443) }).optional(),
    /** Fluent Bit image (pinned). */
    fluentBitImage: z.string().default("cr.fluentbit.io/fluent/fluent-bit:4.1.1"),
    /** Days the logs are kept in Elasticsearch. */
    retentionDays: z.number().int().min(1).default(30),
  })
  .superRefine((l, ctx) => {
    if (l.mode === "external" && !l.external) {
      ctx.addIssue({ code: "custom", path: ["external"], message: "is required when mode is external" });
    }
  })
  .prefault({});

export type LoggingConfig = z.infer<typeof loggingSchema>;
