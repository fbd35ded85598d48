/**
 * NetworkPolicies derived from the catalog. With the namespace's default-deny in place, each service gets:
 * - `<service>-ingress`: exactly its callers (catalog services by `dependsOn`, platform peers by `calledBy`), each on
 *   exactly the ports of that edge; callers in other namespaces are matched by namespace name AND pod labels;
 * - `<service>-egress`: exactly its dependencies and their ports, DNS to kube-dns only (UDP and TCP 53), istiod when
 *   the mesh is on, and its external destinations as ipBlocks on their ports;
 * and every namespace the stack declares (the app namespaces and every concern's) gets `incident-isolation`, selecting
 * `incident=isolated` pods with no rule at all. Every allow policy of the stack excludes isolated pods from its
 * podSelector (and the catalog's from their peers; see selectors.ts for why).
 */
import { catalogNamespaces, type ServiceDefinition } from "../../core/catalog";
import { componentLabels, serviceSelector } from "../../core/labels";
import { catalogEdges, callerName, callerPods, type CatalogEdge } from "../../core/zero-trust/edges";
import { externalDestinations } from "./external";
import type { ResolvedNetwork } from "./settings";
import { dnsPeer, type PlatformPeer } from "../../core/zero-trust/peers";
import { isolationPolicyManifest } from "../../core/zero-trust/isolation-policy";
import { namespaceNamed, podsNotIsolated, type LabelSelector } from "../../core/zero-trust/selectors";

/** A port entry of a NetworkPolicy rule. */
export interface NetworkPolicyPort {
  protocol: "TCP" | "UDP" | "SCTP";
  port: number;
}

/** A peer (`from`/`to` element) of a NetworkPolicy rule. */
export interface NetworkPolicyPeer {
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

/** A NetworkPolicy ingress or egress rule (`from` for ingress, `to` for egress). */
export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports: NetworkPolicyPort[];
}

/** A NetworkPolicy manifest as this module renders it. */
export interface NetworkPolicyManifest {
  apiVersion: "networking.k8s.io/v1";
  kind: "NetworkPolicy";
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    podSelector: LabelSelector;
    policyTypes: Array<"Ingress" | "Egress">;
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
  [field: string]: unknown;
}

/**
 * The pods `labels` in `namespace`, as a peer of a policy living in `policyNamespace`: a podSelector alone inside the
 * same namespace, namespace name AND podSelector (one peer, so both must match) across namespaces.
 */
export function podPeer(namespace: string, labels: Record<string, string>, policyNamespace: string): NetworkPolicyPeer {
  const podSelector = podsNotIsolated(labels);
  return namespace === policyNamespace ? { podSelector } : { namespaceSelector: namespaceNamed(namespace), podSelector };
}

/** Egress to cluster DNS only: kube-dns pods in their namespace, UDP and TCP 53 (TCP for large answers and retries). */
export function dnsEgressRule(network: ResolvedNetwork["network"], policyNamespace: string): NetworkPolicyRule {
  const dns = dnsPeer(network);
  return { to: [podPeer(dns.namespace, dns.podLabels, policyNamespace)], ports: dns.ports.map((p) => ({ protocol: p.protocol, port: p.port })) };
}

/** Egress to a platform peer on every port it listens on (istiod's xDS port for sidecars). */
export function platformPeerEgressRule(peer: PlatformPeer, policyNamespace: string): NetworkPolicyRule {
  return { to: [podPeer(peer.namespace, peer.podLabels, policyNamespace)], ports: peer.ports.map((p) => ({ protocol: p.protocol, port: p.port })) };
}

function portsOf(edge: CatalogEdge): NetworkPolicyPort[] {
  return edge.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
}

function policy(name: string, namespace: string, service: string, description: string, spec: NetworkPolicyManifest["spec"]): NetworkPolicyManifest {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name,
      namespace,
      labels: { ...componentLabels("network"), "ecommerce.example.com/service": service },
      annotations: { "ecommerce.example.com/description": description },
    },
    spec,
  };
}

/** `<service>-ingress`: one rule per caller, on exactly that edge's ports; no caller means no rule (ingress closed). */
export function serviceIngressPolicy(service: ServiceDefinition, edges: readonly CatalogEdge[]): NetworkPolicyManifest {
  const mine = edges.filter((e) => e.callee.name === service.name);
  const rules = mine.map((edge): NetworkPolicyRule => {
    const pods = callerPods(edge.caller);
    return { from: [podPeer(pods.namespace, pods.labels, service.namespace)], ports: portsOf(edge) };
  });
  const callers = mine.map((e) => callerName(e.caller)).join(", ") || "nobody";
  return policy(`${service.name}-ingress`, service.namespace, service.name, `who may call ${service.name} (from the service catalog): ${callers}`, {
    podSelector: podsNotIsolated(serviceSelector(service)),
    policyTypes: ["Ingress"],
    ingress: rules,
  });
}

/** `<service>-egress`: its dependencies on their ports, DNS, istiod (mesh on) and its external destinations. */
export function serviceEgressPolicy(
  service: ServiceDefinition,
  edges: readonly CatalogEdge[],
  settings: Pick<ResolvedNetwork, "network" | "cluster" | "meshControlPlane">,
): NetworkPolicyManifest {
  const rules: NetworkPolicyRule[] = edges
    .filter((e) => e.caller.kind === "service" && e.caller.service.name === service.name)
    .map((edge) => ({ to: [podPeer(edge.callee.namespace, serviceSelector(edge.callee), service.namespace)], ports: portsOf(edge) }));
  rules.push(dnsEgressRule(settings.network, service.namespace));
  const meshControlPlane = settings.meshControlPlane;
  if (meshControlPlane) rules.push(platformPeerEgressRule(meshControlPlane, service.namespace));
  for (const dest of externalDestinations(service, settings)) {
    rules.push({ to: dest.ipBlocks.map((ipBlock) => ({ ipBlock })), ports: dest.ports.map((port) => ({ protocol: "TCP", port })) });
  }
  const targets = [
    ...service.dependsOn.map((d) => d.service),
    "kube-dns",
    ...(meshControlPlane ? [meshControlPlane.name] : []),
    ...service.external.map((x) => `${x.name} (external)`),
  ];
  return policy(`${service.name}-egress`, service.namespace, service.name, `what ${service.name} may call (from the service catalog): ${targets.join(", ")}`, {
    podSelector: podsNotIsolated(serviceSelector(service)),
    policyTypes: ["Egress"],
    egress: rules,
  });
}

/** `incident-isolation` in a namespace (core/zero-trust/isolation-policy.ts), owned by the network concern. */
export function isolationPolicy(namespace: string): NetworkPolicyManifest {
  return isolationPolicyManifest(namespace, "network");
}

/**
 * Every NetworkPolicy the catalog implies for this stack (the namespaces' default-deny comes from SecureNamespace),
 * and with incident isolation on, `incident-isolation` in each app namespace and each of `declaredNamespaces` (every
 * namespace the stack declares: the operators' too).
 */
export function catalogNetworkPolicies(settings: ResolvedNetwork, declaredNamespaces: readonly string[] = []): NetworkPolicyManifest[] {
  const edges = catalogEdges(settings);
  const perService = settings.catalog.flatMap((s) => [serviceIngressPolicy(s, edges), serviceEgressPolicy(s, edges, settings)]);
  const isolated = [...new Set([...catalogNamespaces(settings), ...declaredNamespaces])];
  const isolation = settings.isolationPolicies ? isolated.map(isolationPolicy) : [];
  return [...perService, ...isolation];
}
