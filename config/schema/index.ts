/**
 * The whole stack configuration: one zod schema over every `ecommerce-security:*` key.
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
import { z } from "zod";
import { alertingSchema } from "./alerting";
import { backupSchema } from "./backup";
import { chartsSchema } from "./charts";
import { clusterSchema } from "./cluster";
import { complianceSchema } from "./compliance";
import { featuresSchema } from "./features";
import { incidentResponseSchema } from "./incident-response";
import { loggingSchema } from "./logging";
import { meshSchema } from "./mesh";
import { namespaceDefaultsSchema } from "./namespaces";
import { networkSchema } from "./network";
import { podSecuritySchema } from "./pod-security";
import { scanningSchema } from "./scanning";
import { secretsSchema } from "./secrets";
import { servicesSchema } from "./services";
import { tlsSchema } from "./tls";
import { hostname } from "./primitives";
import { secretConfigKeyNames } from "../secret-keys";

/** The non-secret keys. Secret keys (config/secret-keys.ts) are validated apart. */
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
