/**
 * Istio rules derived from the catalog (security.istio.io/v1, networking.istio.io/v1):
 * - `PeerAuthentication default` STRICT in every app namespace: sidecars accept mutual TLS only;
 * - a `DestinationRule` per service with ISTIO_MUTUAL, so clients originate mTLS with the mesh certificates;
 * - `AuthorizationPolicy deny-by-default` per namespace (an ALLOW policy with no rules: nothing is allowed unless
 *   another policy allows it), and per called service one ALLOW policy listing each caller's SPIFFE principal
 *   `<trustDomain>/ns/<namespace>/sa/<serviceAccount>` with exactly that edge's ports.
 * Platform callers (the ingress controller, the monitoring scraper) are named by their configured ServiceAccount,
 * so they must run with an Istio identity (a sidecar, or Istio certificates for the scraper).
 */
import { catalogNamespaces, type ServiceDefinition } from "../../core/catalog";
import { componentLabels, serviceSelector } from "../../core/labels";
import { catalogEdges, callerName, type Caller, type CatalogEdge } from "../../core/zero-trust/edges";
import type { ResolvedMesh } from "./settings";

const SECURITY_API = "security.istio.io/v1";
const NETWORKING_API = "networking.istio.io/v1";

/** The cluster DNS domain of Service hosts. */
export const CLUSTER_DOMAIN = "cluster.local";

/** The SPIFFE principal Istio gives pods of a ServiceAccount (the form AuthorizationPolicy `principals` take). */
export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * A caller's principal. A platform peer without a ServiceAccount has no mesh identity: that is a configuration
 * error, reported with the key to set.
 */
export function callerPrincipal(caller: Caller, trustDomain: string): string {
  if (caller.kind === "service") return principalOf(trustDomain, caller.service.namespace, caller.service.serviceAccount);
  if (!caller.peer.serviceAccount) {
    const key = caller.peer.name === "ingress-controller" ? "network.ingressController.serviceAccount" : "network.monitoring.serviceAccount";
    throw new Error(`${key} is needed for the Istio principal of ${caller.peer.name} (features.mesh is on)`);
  }
  return principalOf(trustDomain, caller.peer.namespace, caller.peer.serviceAccount);
}

/** The fully qualified host of a service's Kubernetes Service. */
export function serviceHost(service: ServiceDefinition): string {
  return `${service.name}.${service.namespace}.svc.${CLUSTER_DOMAIN}`;
}

const labels = () => componentLabels("mesh");

/** STRICT mutual TLS for every workload of the namespace. */
export function strictPeerAuthentication(namespace: string) {
  return {
    apiVersion: SECURITY_API,
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace, labels: labels() },
    spec: { mtls: { mode: "STRICT" } },
  };
}

/** Clients of the service originate Istio mutual TLS. */
export function mutualTlsDestinationRule(service: ServiceDefinition) {
  return {
    apiVersion: NETWORKING_API,
    kind: "DestinationRule",
    metadata: { name: service.name, namespace: service.namespace, labels: labels() },
    spec: { host: serviceHost(service), trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } },
  };
}

/** The namespace's allow-nothing policy: with it, only what an ALLOW policy names gets through. */
export function denyByDefaultAuthorizationPolicy(namespace: string) {
  return { apiVersion: SECURITY_API, kind: "AuthorizationPolicy", metadata: { name: "deny-by-default", namespace, labels: labels() }, spec: {} };
}

/** One ALLOW policy for a called service: one rule per caller, its principal and that edge's ports. */
export function serviceAuthorizationPolicy(service: ServiceDefinition, edges: readonly CatalogEdge[], trustDomain: string) {
  const mine = edges.filter((e) => e.callee.name === service.name);
  if (mine.length === 0) return undefined;
  return {
    apiVersion: SECURITY_API,
    kind: "AuthorizationPolicy",
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: labels(),
      annotations: {
        "ecommerce.example.com/description": `who may call ${service.name} (from the service catalog): ${mine.map((e) => callerName(e.caller)).join(", ")}`,
      },
    },
    spec: {
      selector: { matchLabels: serviceSelector(service) },
      action: "ALLOW",
      rules: mine.map((edge) => ({
        from: [{ source: { principals: [callerPrincipal(edge.caller, trustDomain)] } }],
        to: [{ operation: { ports: edge.ports.map((p) => String(p.port)) } }],
      })),
    },
  };
}

/** Every Istio object the catalog implies (rendered only when `features.mesh` is on). */
export function catalogMeshObjects(settings: ResolvedMesh) {
  const edges = catalogEdges(settings);
  const perNamespace = catalogNamespaces(settings).flatMap((ns) => [strictPeerAuthentication(ns), denyByDefaultAuthorizationPolicy(ns)]);
  const destinationRules = settings.catalog.map(mutualTlsDestinationRule);
  const authorizations = settings.catalog.flatMap((s) => serviceAuthorizationPolicy(s, edges, settings.trustDomain) ?? []);
  return [...perNamespace, ...destinationRules, ...authorizations];
}
