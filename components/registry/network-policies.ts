/**
 * Harbor's NetworkPolicies, on top of its namespace's default-deny: exactly the flows among its components (the chart's
 * configuration: core calls the database, Redis, the registry and its controller, the job service, the scanner and the
 * portal's health; the job service, the registry and the scanner call core and Redis; the job service drives the
 * registry's controller), the ingress controller to core and the portal, DNS for every pod, and the internet on HTTPS
 * only for what fetches from it (core's proxy-cache and replication endpoints, the job service's replications and
 * webhooks, the scanner's vulnerability database, the registry's S3 bucket and STS with S3 storage). Pure.
 */
import type { PeerPods } from "../../core/operator-network-policy";
import { cloudApiEgress, dnsEgressRule, ingressAllowManifest, peerSelector } from "../../core/operator-network-policy";
import type { OperatorDestinations } from "../../core/cluster-ranges";
import { componentLabels } from "../../core/labels";
import type { Manifest } from "../../core/manifest";
import { podsNotIsolated } from "../../core/zero-trust/selectors";
import { HARBOR_COMPONENTS, harborPodLabels, type HarborComponent } from "./names";

/** One allowed flow between two of Harbor's components. */
export interface HarborFlow {
  /** The calling component. */
  from: HarborComponent;
  /** The called component. */
  to: HarborComponent;
  /** TCP ports on the called pods. */
  ports: number[];
}

const { core, portal, jobservice, registry, registryctl, trivy, database, redis } = HARBOR_COMPONENTS;

/** Every flow among Harbor's components (internal TLS on: the HTTPS ports). */
export const HARBOR_FLOWS: readonly HarborFlow[] = [
  { from: "core", to: "database", ports: [database.port] },
  { from: "core", to: "redis", ports: [redis.port] },
  { from: "core", to: "registry", ports: [registry.port, registryctl.port] },
  { from: "core", to: "jobservice", ports: [jobservice.port] },
  { from: "core", to: "trivy", ports: [trivy.port] },
  // Core's health check of the portal (the /api/v2.0/health components).
  { from: "core", to: "portal", ports: [portal.port] },
  { from: "jobservice", to: "core", ports: [core.port] },
  { from: "jobservice", to: "registry", ports: [registry.port, registryctl.port] },
  { from: "jobservice", to: "redis", ports: [redis.port] },
  // The registry's event notifications to core.
  { from: "registry", to: "core", ports: [core.port] },
  { from: "registry", to: "redis", ports: [redis.port] },
  // The scanner pulls the image it scans through core's internal address.
  { from: "trivy", to: "core", ports: [core.port] },
  { from: "trivy", to: "redis", ports: [redis.port] },
];

/** The components the ingress controller reaches: the API, token service and /v2 on core, the UI on the portal. */
export const INGRESS_TARGETS: readonly HarborComponent[] = ["core", "portal"];

/** Label cert-manager puts on the HTTP-01 solver pods it starts in the Certificate's namespace. */
export const HTTP01_SOLVER_LABEL = "acme.cert-manager.io/http01-solver";
/** Port of the HTTP-01 solver pod. */
export const HTTP01_SOLVER_PORT = 8089;

/** What Harbor's policies are built from. */
export interface HarborNetworkInput {
  /** Harbor's namespace. */
  namespace: string;
  /** Cluster DNS (`network.dns`). */
  dns: PeerPods;
  /** The ingress controller (`network.ingressController`). */
  ingressController: PeerPods;
  /** The internet (minus every private range) and the VPC endpoints. */
  destinations: OperatorDestinations;
  /** Images on S3: the registry reaches S3 and STS (IRSA) on the internet or through the VPC endpoints. */
  s3Storage: boolean;
}

const COMPONENT = "registry";
const ALL: readonly HarborComponent[] = ["core", "portal", "jobservice", "registry", "trivy", "database", "redis"];

/** The components that reach the internet on HTTPS. */
export function internetClients(s3Storage: boolean): HarborComponent[] {
  return ["core", "jobservice", "trivy", ...(s3Storage ? (["registry"] as const) : [])];
}

const sibling = (component: HarborComponent) => ({ podSelector: podsNotIsolated(harborPodLabels(component)) });
const tcp = (port: number) => ({ protocol: "TCP", port });

/** Harbor's NetworkPolicies: one egress and (when anything calls it) one ingress policy per component, and the ACME solver's. */
export function harborNetworkPolicyManifests(input: HarborNetworkInput): Manifest[] {
  const { namespace } = input;
  const internet = new Set(internetClients(input.s3Storage));
  const policies: Manifest[] = [];
  for (const component of ALL) {
    const out = HARBOR_FLOWS.filter((f) => f.from === component);
    policies.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `harbor-${component}-egress`, namespace, labels: componentLabels(COMPONENT) },
      spec: {
        podSelector: podsNotIsolated(harborPodLabels(component)),
        policyTypes: ["Egress"],
        egress: [
          dnsEgressRule(input.dns),
          ...out.map((f) => ({ to: [sibling(f.to)], ports: f.ports.map(tcp) })),
          ...(internet.has(component) ? cloudApiEgress(input.destinations) : []),
        ],
      },
    });
    const callers = HARBOR_FLOWS.filter((f) => f.to === component);
    const fromIngress = INGRESS_TARGETS.includes(component);
    if (callers.length === 0 && !fromIngress) continue;
    policies.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `harbor-${component}-ingress`, namespace, labels: componentLabels(COMPONENT) },
      spec: {
        podSelector: podsNotIsolated(harborPodLabels(component)),
        policyTypes: ["Ingress"],
        ingress: [
          ...callers.map((f) => ({ from: [sibling(f.from)], ports: f.ports.map(tcp) })),
          ...(fromIngress ? [{ from: [peerSelector(input.ingressController)], ports: [tcp(HARBOR_COMPONENTS[component].port)] }] : []),
        ],
      },
    });
  }
  // The ACME server's HTTP-01 check of harbor-tls reaches the solver pod cert-manager starts here, through the ingress controller.
  policies.push(
    ingressAllowManifest({
      namespace,
      name: "acme-http01-solver-ingress",
      component: COMPONENT,
      pods: { [HTTP01_SOLVER_LABEL]: "true" },
      from: [peerSelector(input.ingressController)],
      ports: [HTTP01_SOLVER_PORT],
    }),
  );
  return policies;
}
