/** `secrets`: where credentials come from (Vault, AWS Secrets Manager) and how they are delivered. */
import { z } from "zod";
import { dnsLabel, goDuration } from "./primitives";

export const secretsSchema = z
  .strictObject({
    /** How often ExternalSecrets re-read their source. */
    refreshInterval: goDuration.default("1h"),
    /** Restart consumers when a secret rotates (installs stakater Reloader). */
    rotation: z.boolean().default(true),
    /** Also create a ClusterSecretStore per backend (namespaced stores are always created). */
    clusterSecretStore: z.boolean().default(false),
    /** Which backend the catalog's secrets are read from. */
    defaultBackend: z.enum(["vault", "aws"]).default("vault"),
    vault: z
      .strictObject({
        /** Vault server URL as the cluster reaches it. */
        address: z.url({ protocol: /^https$/, error: "must be an https:// URL" }),
        /** KV v2 mount path. */
        kvMount: z.string().default("secret"),
        /** Kubernetes auth backend mount path. */
        authMount: z.string().default("kubernetes"),
        /** Vault role bound to the external-secrets service account. */
        role: z.string().default("external-secrets"),
        /** Audience of the service-account token Vault accepts. */
        audience: z.string().default("vault"),
        /** Kubernetes API address Vault uses to review tokens. */
        kubernetesHost: z.url().optional(),
      })
      .optional(),
    aws: z
      .strictObject({
        /** AWS region of Secrets Manager. */
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1"),
      })
      .optional(),
    /** The private registry whose pull secret every app namespace gets. */
    registry: z
      .strictObject({
        /** Registry host, e.g. registry.example.com. */
        server: z.string().min(1),
        /** Key of the dockerconfigjson in the secret backend. */
        remoteKey: z.string().default("registry/pull-secret"),
      })
      .optional(),
    /** Sealed Secrets: how often the controller renews its key; "0" keeps our own key (rotation is manual). */
    sealingKeyRenewPeriod: z.string().regex(/^(0|[0-9]+h)$/, "must be 0 or hours such as 720h").default("0"),
    /** Namespace of the external-secrets operator. */
    operatorNamespace: dnsLabel.default("external-secrets"),
  })
  .prefault({});

export type SecretsConfig = z.infer<typeof secretsSchema>;
