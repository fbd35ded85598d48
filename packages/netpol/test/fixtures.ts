// Fixture builders for analyzer tests: one builder per Kubernetes concept, producing plain manifest objects.
import type { KubeObject } from "@ecommerce-security/manifests";

/** A container port for {@link podWith} / {@link deploymentWith}. */
export interface PortFixture {
  name?: string;
  port: number;
  protocol?: "TCP" | "UDP" | "SCTP";
}

/** A Namespace with optional labels. */
export function namespaceWith(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

function containers(ports: PortFixture[]): unknown[] {
  return [{ name: "main", image: "example/app:1", ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) }];
}

/** A Pod (in `default` unless told), optionally owned by a controller. */
export function podWith(
  name: string,
  options: { namespace?: string; labels?: Record<string, string>; ports?: PortFixture[]; owner?: { kind: string; name: string } } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: options.namespace,
      labels: options.labels ?? { app: name },
      ownerReferences: options.owner ? [{ apiVersion: "apps/v1", kind: options.owner.kind, name: options.owner.name, controller: true, uid: "x" }] : undefined,
    },
    spec: { containers: containers(options.ports ?? []) },
  };
}

/** A Deployment whose pod template carries `labels` (default `app: <name>`) and `ports`. */
export function deploymentWith(name: string, options: { namespace?: string; labels?: Record<string, string>; ports?: PortFixture[] } = {}): KubeObject {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: options.namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: containers(options.ports ?? []) } } },
  };
}

/** A NetworkPolicy; fields left out are left out of the manifest (so policyTypes defaulting applies). */
export function policyWith(
  name: string,
  spec: { namespace?: string; podSelector?: unknown; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] },
): KubeObject {
  const { namespace, ...rest } = spec;
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec: { podSelector: {}, ...rest } };
}

/** `podSelector: {matchLabels: {app}}`, the most common selector. */
export function app(name: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { app: name } };
}

/** A port entry of a policy rule. */
export function portEntry(protocol: "TCP" | "UDP" | "SCTP", port?: number | string, endPort?: number): Record<string, unknown> {
  return { protocol, ...(port === undefined ? {} : { port }), ...(endPort === undefined ? {} : { endPort }) };
}
