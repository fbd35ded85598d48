/**
 * The whole stack configuration: one zod schema over every `ecommerce-security:*` key.
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
import { z } from "zod";
import { alertingSchema } from "../../components/alerting/schema";
import { backupSchema } from "../../components/backup/schema";
import { chartsSchema } from "../../core/charts-schema";
import { clusterSchema } from "./cluster-schema";
import { complianceSchema } from "../../components/compliance/schema";
import { featuresSchema } from "./features-schema";
import { incidentResponseSchema } from "../../components/incident-response/schema";
import { loggingSchema } from "../../components/logging/schema";
import { meshSchema } from "../../components/mesh/schema";
import { namespaceDefaultsSchema } from "../../components/namespaces/schema";
import { networkSchema } from "../../components/network/schema";
import { podSecuritySchema } from "../../components/namespaces/pod-security-schema";
import { scanningSchema } from "../../components/scanning/schema";
import { secretsSchema } from "../../components/secrets/schema";
import { servicesSchema } from "../catalog/schema";
import { tlsSchema } from "../../components/certificates/schema";
import { hostname } from "../../core/schema-primitives";
import { secretConfigKeyNames } from "../../core/secret-keys";

/** The non-secret keys. Secret keys (core/secret-keys.ts) are validated apart. */
export const stackConfigSchema = z.strictObject({
  /** Environment name; decides defaults such as the ACME issuer and resource protection. */
  environment: z.enum(["staging", "production", "e2e"]),
  /** Public DNS names. */
  domains: z.strictObject({
    /** Apex of the shop, e.g. shop.example.com; the wildcard certificate covers it and *.<public>. */
    public: hostname,
    /** Host of the public API served by the api-gateway. */
    api: hostname,
  }),
  /** Protect stateful resources (buckets, KMS keys, Vault mounts, data namespaces) from deletion. Defaults to true in production. */
  protectStatefulResources: z.boolean().optional(),
  cluster: clusterSchema,
  features: featuresSchema,
  charts: chartsSchema,
  podSecurity: podSecuritySchema,
  namespaceDefaults: namespaceDefaultsSchema,
  services: servicesSchema,
  network: networkSchema,
  mesh: meshSchema,
  secrets: secretsSchema,
  tls: tlsSchema.optional(),
  scanning: scanningSchema,
  backup: backupSchema,
  logging: loggingSchema,
  alerting: alertingSchema,
  incidentResponse: incidentResponseSchema,
  compliance: complianceSchema,
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedStackConfig = z.infer<typeof stackConfigSchema>;

/** Every top-level key a stack file may set, for "unknown key" messages. */
export const knownConfigKeys = [...Object.keys(stackConfigSchema.shape), ...secretConfigKeyNames];
