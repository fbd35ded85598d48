/**
 * The seed service catalog: the platform's services and who may talk to whom, as the architecture document
 * describes them. Stacks override or extend entries through the `services` config key (core/config/services.ts,
 * merged by ./merge.ts); RBAC, NetworkPolicies, Istio rules, certificates and ExternalSecrets are derived from the
 * merged catalog, so adding a service here gives it identity, network rules and mesh rules in one change.
 *
 * Credentials: a data store's own document (`orders-mysql-credentials`: its root and admin passwords) is read by the
 * store alone. Each client has its own identity at the store, in its own document under its own path
 * (`<client>-<store>-credentials`, e.g. `orders-service-mysql-credentials`), and receives only its user name and
 * password from it (`secretKeys`). JWTs are signed with an asymmetric key: the private key (`jwt-signing-key`) is
 * auth-service's alone, the internet-facing api-gateway gets only the public key (`jwt-public-key`).
 */
import type { ExternalDependency, PlatformCaller, ServiceDefinition, ServiceDependency, ServicePort } from "../../core/catalog";

/** The namespace holding the stateless e-commerce services. */
export const APP_NAMESPACE = "ecommerce";
/** The namespace holding the stateful stores (MySQL, RabbitMQ, MinIO). */
export const DATA_NAMESPACE = "ecommerce-data";

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

/** The platform as it runs today: the seed every stack starts from. */
export const seedCatalog: ServiceDefinition[] = [
  {
    ...base,
    name: "api-gateway",
    namespace: APP_NAMESPACE,
    tier: "edge",
    ports: [http(8100)],
    serviceAccount: "api-gateway",
    secrets: ["jwt-public-key", "api-gateway-rabbitmq-credentials"],
    secretKeys: { "jwt-public-key": ["public-key"], "api-gateway-rabbitmq-credentials": login },
    configMaps: ["api-gateway-config"],
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
    ...base,
    name: "auth-service",
    namespace: APP_NAMESPACE,
    tier: "backend",
    ports: [http(9000)],
    serviceAccount: "auth-service",
    secrets: ["jwt-signing-key", "auth-service-secrets"],
    secretKeys: { "jwt-signing-key": ["private-key", "public-key"] },
    configMaps: ["auth-service-config"],
  },
  {
    ...base,
    name: "orders-service",
    namespace: APP_NAMESPACE,
    tier: "backend",
    ports: [http(9000)],
    serviceAccount: "orders-service",
    secrets: ["orders-service-mysql-credentials", "orders-service-rabbitmq-credentials", "orders-service-minio-credentials", "orders-service-secrets"],
    secretKeys: {
      "orders-service-mysql-credentials": login,
      "orders-service-rabbitmq-credentials": login,
      "orders-service-minio-credentials": ["access-key", "secret-key"],
    },
    configMaps: ["orders-service-config"],
    dependsOn: [
      { service: "orders-mysql", ports: ["mysql"] },
      { service: "rabbitmq", ports: ["amqp"] },
      { service: "minio", ports: ["s3"] },
    ],
  },
  {
    ...base,
    name: "products-service",
    namespace: APP_NAMESPACE,
    tier: "backend",
    ports: [http(9000)],
    serviceAccount: "products-service",
    secrets: ["products-service-secrets"],
    configMaps: ["products-service-config"],
  },
  {
    ...base,
    name: "payments-service",
    namespace: APP_NAMESPACE,
    tier: "backend",
    ports: [http(9000)],
    serviceAccount: "payments-service",
    secrets: ["payments-service-secrets"],
    configMaps: ["payments-service-config"],
    external: [{ name: "payment-provider", cidrs: [], ports: [443] }],
  },
  {
    ...base,
    name: "orders-mysql",
    namespace: DATA_NAMESPACE,
    tier: "data",
    ports: [{ name: "mysql", port: 3306, protocol: "TCP" }],
    serviceAccount: "orders-mysql",
    secrets: ["orders-mysql-credentials"],
  },
  {
    ...base,
    name: "rabbitmq",
    namespace: DATA_NAMESPACE,
    tier: "messaging",
    ports: [
      { name: "amqp", port: 5672, protocol: "TCP" },
      // The management API and UI: administrators only (kubectl port-forward); no peer is allowed to call it.
      { name: "management", port: 15672, protocol: "TCP" },
      // The rabbitmq_prometheus plugin's metrics endpoint: read-only, no credentials, what monitoring scrapes.
      { name: "metrics", port: 15692, protocol: "TCP" },
    ],
    serviceAccount: "rabbitmq",
    secrets: ["rabbitmq-credentials"],
    calledBy: [{ peer: "monitoring", ports: ["metrics"] }],
  },
  {
    ...base,
    name: "minio",
    namespace: DATA_NAMESPACE,
    tier: "storage",
    ports: [{ name: "s3", port: 9000, protocol: "TCP" }],
    serviceAccount: "minio",
    secrets: ["minio-credentials"],
  },
];
