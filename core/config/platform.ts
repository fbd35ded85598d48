/**
 * The platform-wide part of the stack configuration: the keys every concern may read. Each concern's own section
 * (`backup`, `logging`, ...) lives in its folder (components/<concern>/schema.ts) and is composed by the platform.
 */
import { z } from "zod";
import type { ServiceDefinition } from "../catalog";
import { chartsSchema, type ChartsConfig } from "./charts";
import { clusterSchema, type ClusterConfig } from "./cluster";
import { meshSchema, type MeshConfig } from "./mesh";
import { namespaceDefaultsSchema, type NamespaceDefaultsConfig } from "./namespace-defaults";
import { networkSchema, type NetworkConfig } from "./network";
import { podSecuritySchema, type PodSecurityConfig } from "./pod-security";
import { hostname } from "./primitives";
import { imagesSchema, type ImagesConfig } from "./images";
import { namingSchema, type ResolvedNaming } from "./naming";
import type { SecretConfigKey } from "./secret-keys";
import { servicesSchema } from "./services";

/** Where the stack runs; decides defaults such as the ACME issuer and resource protection. */
export const environmentSchema = z.enum(["staging", "production", "e2e"]);
export type Environment = z.infer<typeof environmentSchema>;

/** Public DNS names. */
export const domainsSchema = z.strictObject({
  /** Apex of the shop, e.g. shop.example.com; the wildcard certificate covers it and *.<public>. */
  public: hostname,
  /** Host of the public API served by the api-gateway. */
  api: hostname,
  /** The shop's web host, on the public Ingress next to the API host (the document's `www`); `www.<public>` when omitted. */
  www: hostname.optional(),
});
export type DomainsConfig = z.infer<typeof domainsSchema>;

/**
 * The platform-wide keys, in the order the stack files and the docs list them. `features` is composed from the
 * feature list by the platform (each concern brings its switches).
 */
export const platformSections = {
  environment: environmentSchema,
  domains: domainsSchema,
  /** Protect stateful resources (buckets, KMS keys, Vault mounts, data namespaces) from deletion. Defaults to true in production. */
  protectStatefulResources: z.boolean().optional(),
  cluster: clusterSchema,
} as const;

/** Platform-wide keys that follow `features` in the stack file. */
export const platformSectionsAfterFeatures = {
  charts: chartsSchema,
  images: imagesSchema,
  podSecurity: podSecuritySchema,
  namespaceDefaults: namespaceDefaultsSchema,
  naming: namingSchema,
  services: servicesSchema,
  network: networkSchema,
  mesh: meshSchema,
} as const;

/**
 * What the providers this stack may use are: `features.helmReleases`, `awsResources`, `vaultResources` and
 * `tlsResources` resolved once. A concern asks for a capability, never for the switch behind it.
 */
export interface Capabilities {
  /** Helm releases can be installed (a chart repository is reachable). */
  helm: boolean;
  /** Resources of the AWS provider (KMS, S3, IAM, Secrets Manager). */
  aws: boolean;
  /** Resources of the Vault provider (KV mount, auth backend, policies). */
  vault: boolean;
  /** Resources of the TLS provider (internal CA, sealing key). */
  tls: boolean;
}

/**
 * The validated platform-wide configuration every concern may read.
 * @typeParam Credential  plaintext while the configuration is validated; a Pulumi secret once the program runs.
 */
export interface PlatformConfig<Credential = string> {
  /** Pulumi project name (the config namespace). */
  project: string;
  /** Stack name. */
  stack: string;
  environment: Environment;
  domains: DomainsConfig;
  /** Whether stateful resources are `protect`ed (config `protectStatefulResources`, default: production). */
  protect: boolean;
  cluster: ClusterConfig;
  charts: ChartsConfig;
  /** Where chart images are pulled from (`images.registryMirror`). */
  images: ImagesConfig;
  podSecurity: PodSecurityConfig;
  namespaceDefaults: NamespaceDefaultsConfig;
  network: NetworkConfig;
  mesh: MeshConfig;
  /** The names of the catalog's namespaces, labels, ServiceAccounts, Secrets and ConfigMap (`naming`, its layout filled in). */
  naming: ResolvedNaming;
  /** The service catalog after this stack's `services` overrides. */
  catalog: ServiceDefinition[];
  /** The `features.*` switches after defaults, by name. */
  features: Readonly<Record<string, boolean>>;
  /** The providers this stack may use. */
  capabilities: Capabilities;
  /**
   * Secret config values: plaintext while the configuration is validated, Pulumi secrets once the program runs
   * (platform/config/load.ts wraps them), so a credential never reaches the state or an output in plaintext.
   */
  credentials: Partial<Record<SecretConfigKey, Credential>>;
}
