/**
 * The seed service catalog: the platform's services and who may talk to whom, as the architecture document
 * describes them, under the stack's names (core/config/naming.ts: the document's namespace `e-commerce`, label `app`,
 * ServiceAccounts `<name>-sa` and `gateway-sa`, Secrets `mysql-secret`, `orders-db-secret`, `jwt-secret` and ConfigMap
 * `gateway-config` by default; the separated layout's otherwise). Stacks override or extend entries through the `services` config key (core/config/services.ts,
 * merged by ./merge.ts); RBAC, NetworkPolicies, Istio rules, certificates and ExternalSecrets are derived from the
 * merged catalog, so adding a service here gives it identity, network rules and mesh rules in one change.
 *
 * Credentials: a data store's own document (`naming.mysqlSecret`: its root and admin passwords) is read by the
 * store alone. Each client has its own identity at the store, in its own document under its own path
 * (`naming.ordersDbSecret` for orders-service at MySQL, `<client>-<store>-credentials` for the others, e.g.
 * `orders-service-rabbitmq-credentials`), and receives only its user name and password from it (`secretKeys`). JWTs
 * are signed with an asymmetric key: the private key (`jwt-signing-key`) is auth-service's alone, the internet-facing
 * api-gateway gets only the public key (`naming.jwtSecret`, key `naming.jwtSecretKey`).
 */
import type { ExternalDependency, PlatformCaller, ServiceDefinition, ServiceDependency, ServicePort } from "../../core/catalog";
import { resolveNaming, serviceAccountOf, type ResolvedNaming } from "../../core/config/naming";

/** Where a service that keeps personal data deletes what is older than the retention (the GDPR clean-up job calls it). */
const GDPR_RETENTION_ENDPOINT = { port: "http", path: "/internal/gdpr/retention" };
const http = (port: number): ServicePort => ({ name: "http", port, protocol: "TCP" });
/** The properties a client receives from its own document at a data store: its user and password. */
const login = ["username", "password"];

const base = {
  needsKubernetesApi: false,
  secrets: [] as string[],
  configMaps: [] as string[],
  dependsOn: [] as ServiceDependency[],
  external: [] as ExternalDependency[],
  calledBy: [] as PlatformCaller[],
  labels: {} as Record<string, string>,
};

/** The platform as it runs today, under a stack's names: the seed every stack starts from. */
export function seedCatalog(naming: ResolvedNaming = resolveNaming()): ServiceDefinition[] {
  const appNamespace = naming.appNamespace;
  const dataNamespace = naming.dataNamespace;
  const sa = (service: string) => serviceAccountOf(naming, service);
  const common = { ...base, selectorLabel: naming.selectorLabel };
  return [
    {
      ...common,
      name: "api-gateway",
      namespace: appNamespace,
      tier: "edge",
      ports: [http(8100)],
      serviceAccount: sa("api-gateway"),
      secrets: [naming.jwtSecret, "api-gateway-rabbitmq-credentials"],
      secretKeys: { [naming.jwtSecret]: [naming.jwtSecretKey], "api-gateway-rabbitmq-credentials": login },
      configMaps: [naming.gatewayConfigMap],
      dependsOn: [
        { service: "auth-service", ports: ["http"] },
        { service: "orders-service", ports: ["http"] },
        { service: "products-service", ports: ["http"] },
        { service: "payments-service", ports: ["http"] },
        { service: "rabbitmq", ports: ["amqp"] },
      ],
      calledBy: [{ peer: "ingress-controller", ports: ["http"] }],
    },
    {
      ...common,
      name: "auth-service",
      namespace: appNamespace,
      tier: "backend",
      ports: [http(9000)],
      serviceAccount: sa("auth-service"),
      secrets: ["jwt-signing-key", "auth-service-secrets"],
      secretKeys: { "jwt-signing-key": ["private-key", "public-key"] },
      configMaps: ["auth-service-config"],
      // Accounts and their personal data: the GDPR clean-up deletes what is older than the retention.
      retention: GDPR_RETENTION_ENDPOINT,
    },
    {
      ...common,
      name: "orders-service",
      namespace: appNamespace,
      tier: "backend",
      ports: [http(9000)],
      serviceAccount: sa("orders-service"),
      secrets: [naming.ordersDbSecret, "orders-service-rabbitmq-credentials", "orders-service-minio-credentials", "orders-service-secrets"],
      secretKeys: {
        [naming.ordersDbSecret]: login,
        "orders-service-rabbitmq-credentials": login,
        "orders-service-minio-credentials": ["access-key", "secret-key"],
      },
      configMaps: ["orders-service-config"],
      dependsOn: [
        { service: "orders-mysql", ports: ["mysql"] },
        { service: "rabbitmq", ports: ["amqp"] },
        { service: "minio", ports: ["s3"] },
      ],
      // Orders hold names and addresses: the GDPR clean-up deletes what is older than the retention.
      retention: GDPR_RETENTION_ENDPOINT,
    },
    {
      ...common,
      name: "products-service",
      namespace: appNamespace,
      tier: "backend",
      ports: [http(9000)],
      serviceAccount: sa("products-service"),
      secrets: ["products-service-secrets"],
      configMaps: ["products-service-config"],
    },
    {
      ...common,
      name: "payments-service",
      namespace: appNamespace,
      tier: "backend",
      ports: [http(9000)],
      serviceAccount: sa("payments-service"),
      secrets: ["payments-service-secrets"],
      configMaps: ["payments-service-config"],
      external: [{ name: "payment-provider", cidrs: [], ports: [443] }],
    },
    {
      ...common,
      name: "orders-mysql",
      namespace: dataNamespace,
      tier: "data",
      ports: [{ name: "mysql", port: 3306, protocol: "TCP" }],
      serviceAccount: sa("orders-mysql"),
      secrets: [naming.mysqlSecret],
    },
    {
      ...common,
      name: "rabbitmq",
      namespace: dataNamespace,
      tier: "messaging",
      ports: [
        { name: "amqp", port: 5672, protocol: "TCP" },
        // The management API and UI: administrators only (kubectl port-forward); no peer is allowed to call it.
        { name: "management", port: 15672, protocol: "TCP" },
        // The rabbitmq_prometheus plugin's metrics endpoint: read-only, no credentials, what monitoring scrapes.
        { name: "metrics", port: 15692, protocol: "TCP" },
      ],
      serviceAccount: sa("rabbitmq"),
      secrets: ["rabbitmq-credentials"],
      calledBy: [{ peer: "monitoring", ports: ["metrics"] }],
    },
    {
      ...common,
      name: "minio",
      namespace: dataNamespace,
      tier: "storage",
      ports: [{ name: "s3", port: 9000, protocol: "TCP" }],
      serviceAccount: sa("minio"),
      secrets: ["minio-credentials"],
    },
  ];
}
