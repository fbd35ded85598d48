/**
 * `naming`: the names workloads rely on to be admitted, reached and given their secrets: the namespaces of the catalog's
 * services, the label key their pods are selected by, their ServiceAccounts, and the Secrets and ConfigMap the
 * architecture document (../shared/seed/) names. A workload written to the document runs in `e-commerce`, carries
 * `app: <name>`, runs as `<name>-sa` (`gateway-sa` for the gateway) and reads `mysql-secret`, `jwt-secret` (key
 * `JWT_SECRET`), `harbor-pull-secret` and `gateway-config`: those are the defaults (`layout: document`). The product's
 * own layout (`layout: separated`: data stores in their own namespace, the recommended `app.kubernetes.io/name` label,
 * ServiceAccounts named like the service) is one line away, and every single name can still be set on top of either.
 */
import { z } from "zod";
import { dnsLabel } from "./primitives";

/** A label key as Kubernetes accepts it: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "must be a Kubernetes label key such as app or app.kubernetes.io/name",
  )
  .refine((k) => k.split("/")[0].length <= 253, "has a prefix longer than 253 characters");

/** A key of a Kubernetes Secret. */
const secretKey = z.string().regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret key: letters, digits, '-', '_' and '.'");

/** Every name a layout decides. */
export interface ResolvedNaming {
  /** Which preset the names start from. */
  layout: NamingLayout;
  /** Namespace of the stateless services (api-gateway, auth, orders, products, payments). */
  appNamespace: string;
  /** Namespace of the data stores (orders-mysql, rabbitmq, minio); equal to {@link appNamespace} in the document. */
  dataNamespace: string;
  /** Label key whose value is the service name on every pod of a catalog service: what every selector matches on. */
  selectorLabel: string;
  /** Appended to a service's name to name its ServiceAccount (`-sa` in the document, nothing in the separated layout). */
  serviceAccountSuffix: string;
  /** The api-gateway's ServiceAccount (`gateway-sa` in the document). */
  gatewayServiceAccount: string;
  /** orders-mysql's own Secret (its root and admin passwords), read by the store alone. */
  mysqlSecret: string;
  /** orders-service's MySQL login (its own user and password at orders-mysql). */
  ordersDbSecret: string;
  /** The Secret the api-gateway verifies tokens with: the JWT public key (secrets.aws.jwtPublicKeySecretName's default). */
  jwtSecret: string;
  /** The key of {@link jwtSecret} holding the public key (a property of its remote document too). */
  jwtSecretKey: string;
  /** The private registry's pull secret (secrets.registry.secretName's default). */
  registryPullSecret: string;
  /** The api-gateway's ConfigMap. */
  gatewayConfigMap: string;
}

export const namingLayouts = ["document", "separated"] as const;
export type NamingLayout = (typeof namingLayouts)[number];

/** The presets: the architecture document's names, and the product's separated layout. */
export const NAMING_LAYOUTS: Readonly<Record<NamingLayout, Omit<ResolvedNaming, "layout">>> = {
  document: {
    appNamespace: "e-commerce",
    dataNamespace: "e-commerce",
    selectorLabel: "app",
    serviceAccountSuffix: "-sa",
    gatewayServiceAccount: "gateway-sa",
    mysqlSecret: "mysql-secret",
    ordersDbSecret: "orders-db-secret",
    jwtSecret: "jwt-secret",
    jwtSecretKey: "JWT_SECRET",
    registryPullSecret: "harbor-pull-secret",
    gatewayConfigMap: "gateway-config",
  },
  separated: {
    appNamespace: "ecommerce",
    dataNamespace: "ecommerce-data",
    selectorLabel: "app.kubernetes.io/name",
    serviceAccountSuffix: "",
    gatewayServiceAccount: "api-gateway",
    mysqlSecret: "orders-mysql-credentials",
    ordersDbSecret: "orders-service-mysql-credentials",
    jwtSecret: "jwt-public-key",
    jwtSecretKey: "public-key",
    registryPullSecret: "registry-pull-secret",
    gatewayConfigMap: "api-gateway-config",
  },
};

/** The default layout: the architecture document's names. */
export const DEFAULT_NAMING_LAYOUT: NamingLayout = "document";

/** Label keys the platform gives another meaning: a service selector on them would clash. */
const RESERVED_LABEL_KEYS = ["tier", "incident"];

export const namingSchema = z
  .strictObject({
    /** `document` (the architecture document's names) or `separated` (data stores apart, recommended labels). */
    layout: z.enum(namingLayouts).default(DEFAULT_NAMING_LAYOUT),
    appNamespace: dnsLabel.optional(),
    dataNamespace: dnsLabel.optional(),
    selectorLabel: labelKey
      .refine(
        (k) => !RESERVED_LABEL_KEYS.includes(k),
        `must not be ${RESERVED_LABEL_KEYS.join(" or ")}: the platform labels pods with those for other purposes`,
      )
      .optional(),
    serviceAccountSuffix: z
      .string()
      .regex(/^([-a-z0-9]*[a-z0-9])?$/, "must be empty or lowercase letters, digits and '-', ending alphanumeric")
      .max(20)
      .optional(),
    gatewayServiceAccount: dnsLabel.optional(),
    mysqlSecret: dnsLabel.optional(),
    ordersDbSecret: dnsLabel.optional(),
    jwtSecret: dnsLabel.optional(),
    jwtSecretKey: secretKey.optional(),
    registryPullSecret: dnsLabel.optional(),
    gatewayConfigMap: dnsLabel.optional(),
  })
  .prefault({})
  .superRefine((n, ctx) => {
    const resolved = resolveNaming(n);
    if (resolved.mysqlSecret === resolved.ordersDbSecret) {
      ctx.addIssue({
        code: "custom",
        path: ["ordersDbSecret"],
        message: `must differ from mysqlSecret (${resolved.mysqlSecret}): the store's own passwords must not reach its client`,
      });
    }
  });

export type NamingConfig = z.infer<typeof namingSchema>;

/** The names of a stack: its layout's, with each name the stack sets on top. */
export function resolveNaming(config: Partial<NamingConfig> = {}): ResolvedNaming {
  const layout = config.layout ?? DEFAULT_NAMING_LAYOUT;
  const set = Object.fromEntries(Object.entries(config).filter(([k, v]) => k !== "layout" && v !== undefined));
  return { layout, ...NAMING_LAYOUTS[layout], ...set };
}

/** The ServiceAccount of a seed service under these names. */
export function serviceAccountOf(naming: ResolvedNaming, service: string): string {
  return service === "api-gateway" ? naming.gatewayServiceAccount : `${service}${naming.serviceAccountSuffix}`;
}
