/**
 * The seed service catalog: the platform's services and who may talk to whom, as the architecture document
 * describes them. Stacks override or extend entries through the `services` config key (core/config/services.ts,
 * merged by ./merge.ts); RBAC, NetworkPolicies, Istio rules, certificates and ExternalSecrets are derived from the
 * merged catalog, so adding a service here gives it identity, network rules and mesh rules in one change.
 */
import type { ExternalDependency, PlatformCaller, ServiceDefinition, ServiceDependency, ServicePort } from "../../core/catalog";

/** The namespace holding the stateless e-commerce services. */
export const APP_NAMESPACE = "ecommerce";
/** The namespace holding the stateful stores (MySQL, RabbitMQ, MinIO). */
export const DATA_NAMESPACE = "ecommerce-data";

const http = (port: number): ServicePort => ({ name: "http", port, protocol: "TCP" });

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
    secrets: ["jwt-secret", "rabbitmq-credentials"],
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
    secrets: ["jwt-secret", "auth-service-secrets"],
    configMaps: ["auth-service-config"],
  },
  {
    ...base,
    name: "orders-service",
    namespace: APP_NAMESPACE,
    tier: "backend",
    ports: [http(9000)],
    serviceAccount: "orders-service",
    secrets: ["orders-mysql-credentials", "rabbitmq-credentials", "minio-credentials", "orders-service-secrets"],
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
      { name: "management", port: 15672, protocol: "TCP" },
    ],
    serviceAccount: "rabbitmq",
    secrets: ["rabbitmq-credentials"],
    calledBy: [{ peer: "monitoring", ports: ["management"] }],
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
