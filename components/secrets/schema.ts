/**
 * `secrets`: where credentials come from (Vault, AWS Secrets Manager), how they reach the pods
 * (External Secrets Operator, Reloader, the registry pull secret) and the Sealed Secrets sealing key.
 * Every remote key lives under `e-commerce/<environment>/<secret>` (Vault KV) or `/e-commerce/<environment>/<secret>`
 * (Secrets Manager), so each environment's credentials are separated by path and by policy.
 */
import { z } from "zod";
import { resolveNaming } from "../../core/config/naming";
import { dnsLabel, goDuration, ipv4Cidr, quantity } from "../../core/config/primitives";

/** A backend the catalog's secrets can be read from. */
export const secretBackend = z.enum(["vault", "aws"]);
export type SecretBackend = z.infer<typeof secretBackend>;

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, "must be an AWS region such as eu-west-1");

/** A Vault mount or auth path: no leading or trailing slash. */
const vaultPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "must be a Vault path such as secret or kubernetes/staging (no leading or trailing /)");

/** One client's generated MySQL credentials: which catalog service gets them, at which server, on which database. */
const mysqlClientCredentials = z.strictObject({
  /** The catalog service that receives them (it must list the secret in its `secrets`). */
  client: dnsLabel,
  /** The catalog service that is the MySQL server (it must have a port named `mysql`, and the client depend on it). */
  server: dnsLabel,
  /** The database the client's users are granted on (and nothing else). */
  database: z.string().regex(/^[A-Za-z0-9_]+$/, "must be a MySQL database name (letters, digits, _)"),
  /** The privileges granted on it. */
  privileges: z
    .string()
    .regex(/^[A-Z]+( [A-Z]+)*(, [A-Z]+( [A-Z]+)*)*$/, "must be MySQL privileges such as SELECT, INSERT, UPDATE, DELETE")
    .default("SELECT, INSERT, UPDATE, DELETE"),
});

/** `secrets.vault.mysqlDynamicCredentials`. */
const mysqlDynamicCredentials = z
  .strictObject({
    /** Path of the database secrets engine mount. */
    mount: vaultPath.default("database"),
    /**
     * Vault's own MySQL user at each server, which creates and drops the clients' users. Its first password is generated
     * here and written to KV at `e-commerce/<env>/<server>-vault-admin` for the server to create the user with; rotate it
     * into Vault alone with `vault write <mount>/rotate-root/<server>`.
     */
    adminUsername: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "must be a MySQL user name")
      .default("vault"),
    /** Lifetime of a client's generated user (its lease), in seconds; the ExternalSecret fetches a new one at half of it. */
    ttlSeconds: z.number().int().min(300).max(86400).default(3600),
    /** Longest lifetime of a lease, in seconds. */
    maxTtlSeconds: z.number().int().min(300).max(604800).default(86400),
    /** Per catalog secret (a client's MySQL credentials), who gets it at which server and database. */
    secrets: z.record(dnsLabel, mysqlClientCredentials).refine((s) => Object.keys(s).length > 0, "must list at least one secret"),
  })
  .refine((m) => m.ttlSeconds <= m.maxTtlSeconds, { path: ["ttlSeconds"], message: "must not exceed maxTtlSeconds" });

/** Requests and limits of one container of a chart. */
const containerResources = (d: { requestsCpu: string; requestsMemory: string; limitsCpu: string; limitsMemory: string }) =>
  z
    .strictObject({
      /** CPU request. */
      requestsCpu: quantity.default(d.requestsCpu),
      /** Memory request. */
      requestsMemory: quantity.default(d.requestsMemory),
      /** CPU limit. */
      limitsCpu: quantity.default(d.limitsCpu),
      /** Memory limit. */
      limitsMemory: quantity.default(d.limitsMemory),
    })
    .prefault({});

export const secretsSchema = z
  .strictObject({
    /** How often ExternalSecrets re-read their source (the longest a rotated value takes to reach the cluster). */
    refreshInterval: goDuration.default("1h"),
    /** Restart consumers when a secret rotates: installs stakater Reloader and marks every synced Secret for it. */
    rotation: z.boolean().default(true),
    /** Also create one ClusterSecretStore per configured backend that holds catalog secrets (namespaced stores in each app namespace are always created). */
    clusterSecretStore: z.boolean().default(false),
    /** Which backend the catalog's secrets are read from. */
    defaultBackend: secretBackend.default("vault"),
    /**
     * Per-secret backend, by catalog secret name, over `defaultBackend`. Without an entry, the JWT secrets
     * (`aws.jwtSigningKeySecretName`, `aws.jwtPublicKeySecretName`) are read from AWS whenever `aws` is set, because this
     * program writes them there.
     */
    backendOverrides: z.record(dnsLabel, secretBackend).default({}),
    /**
     * The dedicated service account, created in every namespace holding a SecretStore, whose short-lived tokens
     * the stores present to Vault (kubernetes auth) and to AWS STS (IRSA). No pod runs as it.
     */
    storeServiceAccount: dnsLabel.default("external-secrets-store"),
    vault: z
      .strictObject({
        /** Vault server URL as the cluster reaches it. */
        address: z.url({ protocol: /^https$/, error: "must be an https:// URL" }),
        /**
         * Vault's address ranges as the cluster reaches them, when Vault is private (in the VPC, peered, on a VPN): the
         * External Secrets controller may connect there on the address's port. Omitted: Vault is reached on the internet
         * (public addresses only).
         */
        cidrs: z.array(ipv4Cidr).min(1).optional(),
        /** KV v2 mount path. */
        kvMount: vaultPath.default("secret"),
        /** Kubernetes auth backend mount path. */
        authMount: vaultPath.default("kubernetes"),
        /** Prefix of the Vault roles and policies: one `<role>-<namespace>` per namespace holding a store. */
        role: dnsLabel.default("external-secrets"),
        /** Audience of the service-account token the stores request and Vault requires. */
        audience: z.string().min(1).default("vault"),
        /** Kubernetes API address Vault calls to review tokens (the cluster's API endpoint when Vault runs outside it). */
        kubernetesHost: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).default("https://kubernetes.default.svc"),
        /** PEM CA certificate of the Kubernetes API (public, not a credential); omit when Vault runs in the cluster. */
        kubernetesCaCert: z.string().startsWith("-----BEGIN CERTIFICATE-----", "must be a PEM certificate").optional(),
        /** Lifetime of the Vault tokens the stores receive, in seconds. */
        tokenTtlSeconds: z.number().int().min(60).max(86400).default(600),
        /**
         * Vault's database secrets engine for MySQL: the listed catalog secrets are not read from KV but generated by
         * Vault for each read (a MySQL user of the client's own, with only the listed privileges, dropped when its lease
         * ends), so no client holds a long-lived database password. Absent: every secret comes from KV.
         */
        mysqlDynamicCredentials: mysqlDynamicCredentials.optional(),
      })
      .optional(),
    aws: z
      .strictObject({
        /** AWS region of Secrets Manager and the KMS key. */
        region: awsRegion,
        /**
         * Catalog secret holding the JWT private key (properties `private-key`, `public-key`), for the service that
         * signs (auth-service); created in Secrets Manager by this program.
         */
        jwtSigningKeySecretName: dnsLabel.default("jwt-signing-key"),
        /**
         * Catalog secret holding only the JWT public key (property `naming.jwtSecretKey`), for the services that verify
         * (api-gateway). Defaults to the stack's `naming.jwtSecret` (filled in before parsing, platform/config/naming-defaults.ts).
         */
        jwtPublicKeySecretName: dnsLabel.default(resolveNaming().jwtSecret),
        /** Signature algorithm of the generated key pair when no `jwtSigningKey` secret is set: ES256 (ECDSA P-256) or RS256 (RSA 3072). */
        jwtAlgorithm: z.enum(["ES256", "RS256"]).default("ES256"),
        /** Days a deleted KMS key waits before it is gone (AWS allows 7 to 30). */
        kmsDeletionWindowDays: z.number().int().min(7).max(30).default(30),
        /** Days between automatic rotations of the KMS key material (AWS allows 90 to 2560). */
        kmsRotationPeriodDays: z.number().int().min(90).max(2560).default(365),
        /** Days a deleted secret can be restored (0 deletes at once; otherwise 7 to 30). */
        recoveryWindowDays: z.union([z.literal(0), z.number().int().min(7).max(30)]).default(30),
      })
      .refine((a) => a.jwtSigningKeySecretName !== a.jwtPublicKeySecretName, {
        path: ["jwtPublicKeySecretName"],
        message: "must differ from jwtSigningKeySecretName: the verifying services must not receive the private key",
      })
      .optional(),
    /** The private registry whose pull secret (`kubernetes.io/dockerconfigjson`) every app namespace gets. */
    registry: z
      .strictObject({
        /** Registry host, e.g. registry.example.com. */
        server: z.string().min(1),
        /**
         * Name of the Kubernetes Secret, also the remote key under the environment's prefix (property `dockerconfigjson`).
         * Defaults to the stack's `naming.registryPullSecret` (filled in before parsing, platform/config/naming-defaults.ts).
         */
        secretName: dnsLabel.default(resolveNaming().registryPullSecret),
        /** Backend holding it; `defaultBackend` when omitted. */
        backend: secretBackend.optional(),
      })
      .optional(),
    /** The External Secrets Operator release. */
    operator: z
      .strictObject({
        /** Controller and webhook replicas; above 1 adds PodDisruptionBudgets and leader election. */
        replicas: z.number().int().min(1).max(5).default(1),
        /** Expose metrics and create ServiceMonitors (needs the prometheus-operator CRDs). */
        serviceMonitor: z.boolean().default(false),
        /** Requests and limits of each operator container. */
        resources: containerResources({ requestsCpu: "50m", requestsMemory: "64Mi", limitsCpu: "500m", limitsMemory: "256Mi" }),
      })
      .prefault({}),
    /** Sealed Secrets with our own sealing key. */
    sealedSecrets: z
      .strictObject({
        /** Namespace of the controller (kubeseal looks in kube-system by default). */
        namespace: dnsLabel.default("kube-system"),
        /**
         * How often the controller generates a new sealing key and seals with it from then on (every 30 days by
         * default), so a leaked key only opens what was sealed in its month; older keys stay to decrypt. "0" turns
         * renewal off (then only our own keyGenerations seal: rotate them by hand, docs/sealed-secrets.md).
         */
        keyRenewPeriod: z
          .string()
          .regex(/^(0|[0-9]+h)$/, "must be 0 or hours such as 720h")
          .default("720h"),
        /**
         * Generations of our sealing key, oldest first. Each is an RSA key and certificate in its own Secret; the
         * controller decrypts with all of them and seals with the newest. Append one to rotate (docs/sealed-secrets.md).
         */
        keyGenerations: z.array(dnsLabel.max(40)).min(1).default(["initial"]),
        /** RSA key size of the sealing keys. */
        rsaBits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(4096),
        /** Validity of each sealing certificate, in hours (kubeseal refuses an expired certificate). */
        certificateValidityHours: z
          .number()
          .int()
          .min(24 * 30)
          .max(24 * 3650 * 2)
          .default(24 * 3650),
        /** Expose metrics and create a ServiceMonitor (needs the prometheus-operator CRDs). */
        serviceMonitor: z.boolean().default(false),
        /** Requests and limits of the controller. */
        resources: containerResources({ requestsCpu: "50m", requestsMemory: "64Mi", limitsCpu: "500m", limitsMemory: "256Mi" }),
      })
      .superRefine((s, ctx) => {
        const dup = s.keyGenerations.find((g, i) => s.keyGenerations.indexOf(g) !== i);
        if (dup) ctx.addIssue({ code: "custom", path: ["keyGenerations"], message: `lists "${dup}" twice; each generation must be unique` });
      })
      .prefault({}),
    /** Namespace of the external-secrets operator (and of Reloader). */
    operatorNamespace: dnsLabel.default("external-secrets"),
  })
  .prefault({});

export type SecretsConfig = z.infer<typeof secretsSchema>;
