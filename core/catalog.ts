/**
 * The shape of the service catalog: the platform's services and who may talk to whom, declared once (the seed is
 * platform/catalog/seed.ts, stacks override it through `services`). RBAC, NetworkPolicies, Istio rules,
 * certificates and ExternalSecrets are all derived from the merged catalog each concern receives.
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

/**
 * The endpoint of a service that deletes its personal data older than a number of days (GDPR storage limitation):
 * the GDPR clean-up job (components/compliance) sends `POST <path>?olderThanDays=<days>` to it through the mesh.
 */
export interface RetentionEndpoint {
  /** Name of the service's port the endpoint is on (must exist in its `ports`). */
  port: string;
  /** HTTP path of the endpoint (`/internal/gdpr/retention`). */
  path: string;
}

/** One catalog entry. */
export interface ServiceDefinition {
  /** Service name: also the workload, Role and certificate name, and the selector label's value (its ServiceAccount is `serviceAccount`). */
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
  /**
   * Per secret of {@link secrets}, the only properties of its remote document the service receives (each becomes a key
   * of the Kubernetes Secret); a secret not listed receives every property of its document (the service's own).
   */
  secretKeys?: Readonly<Record<string, readonly string[]>>;
  /** ConfigMaps (by name) the service may read. */
  configMaps: string[];
  /** Catalog services this one calls. */
  dependsOn: ServiceDependency[];
  /** Destinations outside the cluster this one calls. */
  external: ExternalDependency[];
  /** Platform peers (ingress controller, monitoring) allowed to call this service. */
  calledBy: PlatformCaller[];
  /** Its GDPR retention endpoint, when it keeps personal data: the GDPR clean-up job calls it (and only it). */
  retention?: RetentionEndpoint;
  /** Extra pod labels beyond the selector label and `tier`. */
  labels: Record<string, string>;
  /**
   * Key of the label whose value is the service's name on its pods (`naming.selectorLabel`: `app` in the architecture
   * document, `app.kubernetes.io/name` in the separated layout): what its Service, NetworkPolicies, Istio rules and
   * every peer rule naming it select on.
   */
  selectorLabel: string;
}

/** The namespaces the catalog's services run in, in catalog order. */
export function catalogNamespaces(c: { catalog: ReadonlyArray<Pick<ServiceDefinition, "namespace">> }): string[] {
  return [...new Set(c.catalog.map((s) => s.namespace))];
}
