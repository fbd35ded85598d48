/**
 * The service catalog: the platform's services and who may talk to whom, declared once.
 * RBAC, NetworkPolicies, Istio rules, certificates and ExternalSecrets are all derived from it,
 * so adding a service here gives it identity, network rules and mesh rules in one change.
 * Stacks override or extend entries through the `services` config key (see core/config/services.ts).
 */

/** A port a service listens on. */
export interface ServicePort {
  /** IANA-style port name, also the Service port name (`http`, `amqp`, `mysql`). */
  name: string;
  /** Container and Service port number. */
  port: number;
  /** Transport protocol; TCP unless stated. */
  protocol: "TCP" | "UDP" | "SCTP";
}

/** A call this service makes to another catalog service. */
export interface ServiceDependency {
  /** Name of the catalog service called. */
  service: string;
  /** Names of the callee's ports used (must exist on the callee). */
  ports: string[];
}

/** Egress to something outside the cluster (a payment provider, an SMTP relay). */
export interface ExternalDependency {
  /** What is reached, for people and for policy names (`payment-provider`). */
  name: string;
  /** Allowed destination ranges; empty means "the internet": 0.0.0.0/0 minus private and cluster ranges. */
  cidrs: string[];
  /** Destination TCP ports. */
  ports: number[];
}

/** A caller outside the catalog that may reach this service. */
export interface PlatformCaller {
  /** Which platform peer calls: the ingress controller or the monitoring scraper. */
  peer: "ingress-controller" | "monitoring";
  /** Names of this service's ports the peer may use. */
  ports: string[];
}

/** One catalog entry. */
export interface ServiceDefinition {
  /** Service name: also the workload, ServiceAccount, Role and certificate name. */
  name: string;
  /** Namespace the service runs in. */
  namespace: string;
  /** Tier label (`tier=<tier>`), used for grouping and in policies. */
  tier: "edge" | "backend" | "data" | "messaging" | "storage";
  /** Ports the service listens on. */
  ports: ServicePort[];
  /** ServiceAccount the pods run as. */
  serviceAccount: string;
  /** Whether the pods need a Kubernetes API token (`automountServiceAccountToken`). */
  needsKubernetesApi: boolean;
  /** Secrets (by name, in the service's namespace) the service may read. */
  secrets: string[];
  /** ConfigMaps (by name) the service may read. */
  configMaps: string[];
  /** Catalog services this one calls. */
  dependsOn: ServiceDependency[];
  /** Destinations outside the cluster this one calls. */
  external: ExternalDependency[];
  /** Platform peers (ingress controller, monitoring) allowed to call this service. */
  calledBy: PlatformCaller[];
  /** Extra pod labels beyond `app.kubernetes.io/name` and `tier`. */
  labels: Record<string, string>;
}

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

/** The namespaces the catalog's services run in, in catalog order. */
export function catalogNamespaces(c: { catalog: ReadonlyArray<Pick<ServiceDefinition, "namespace">> }): string[] {
  return [...new Set(c.catalog.map((s) => s.namespace))];
}
