/**
 * NetworkPolicies that let cert-manager work inside default-deny namespaces. Every declared namespace starts with
 * default-deny-all, so without these the webhook is unreachable, the startup API check never passes and the
 * release never becomes ready. They must exist before the release is installed.
 */
import { internetBlock, type OperatorDestinations } from "../../core/cluster-ranges";
import { componentLabels } from "../../core/labels";
import { internetEgressRule, operatorExternalEgress } from "../../core/operator-network-policy";
import { notIsolated, podsNotIsolated } from "../../core/zero-trust/selectors";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE } from "./names";

const labels = componentLabels("certificates");

/** A platform peer as `network.*` configures it. */
export interface Peer {
  namespace: string;
  podLabels: Record<string, string>;
}

/** What the policies depend on. */
export interface CertManagerPoliciesInput {
  /** Cluster DNS (network.dns). */
  dns: Peer;
  /** The metrics scraper (network.monitoring), allowed to the metrics port when ServiceMonitors are on. */
  monitoring?: Peer;
  /** The ingress controller: the HTTP-01 self-check to the public address may be DNAT'd to its pods in-cluster. */
  ingressController: Peer;
  /** DNS-01 is used: the controller checks propagation against the zone's authoritative nameservers. */
  dns01: boolean;
  /** Pod ranges: the API server's calls to the webhook come from outside them. */
  podCidrs: string[];
  /**
   * Where cert-manager may connect outside the cluster: the internet (never a private, link-local with the cloud
   * metadata endpoint, loopback or cluster address) for ACME, Cloudflare, the HTTP-01 self-check and DNS-01's
   * nameservers; the API server and the VPC endpoints as declared.
   */
  destinations: OperatorDestinations;
}

/** Ports of cert-manager's pods (chart defaults). */
export const CERT_MANAGER_PORTS = { webhook: 10250, metrics: 9402 } as const;

const instance = { "app.kubernetes.io/instance": CERT_MANAGER_RELEASE };
/** cert-manager's pods of one component; like every allow policy's selector, never a pod under incident isolation. */
const component = (c: string) => podsNotIsolated({ ...instance, "app.kubernetes.io/component": c });
const peerOf = (p: Peer) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
  podSelector: { matchLabels: p.podLabels },
});
const tcp = (port: number) => ({ protocol: "TCP", port });
const dnsPorts = [{ protocol: "UDP", port: 53 }, tcp(53)];

function policy(name: string, namespace: string, spec: Record<string, unknown>) {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, labels }, spec };
}

/** The components the chart's ServiceMonitor scrapes (its selector): the startup API check Job exposes nothing. */
const SCRAPED_COMPONENTS = ["controller", "webhook", "cainjector"];

/**
 * The cert-manager namespace's policies, each selecting the chart's pods by their rendered labels:
 * - every cert-manager pod may resolve names through cluster DNS, reach the internet on 443 (ACME, Cloudflare), the
 *   API server on its declared addresses and ports, and the VPC endpoints;
 * - the controller may also reach the shop's public address on 80 on the internet (the HTTP-01 self-check; never
 *   the metadata endpoint), and the ingress controller's pods on 80 (the self-check to the public address may be
 *   DNAT'd to them in-cluster); with DNS-01, the zone's authoritative nameservers on 53;
 * - the webhook accepts the API server, from outside the pod network, on its port;
 * - the scraper may read the metrics port of the scraped components when ServiceMonitors are on.
 */
export function certManagerNetworkPolicies(input: CertManagerPoliciesInput) {
  const ns = CERT_MANAGER_NAMESPACE;
  const outsidePods = { ipBlock: { cidr: "0.0.0.0/0", except: input.podCidrs } };
  const policies = [
    policy("cert-manager-egress", ns, {
      podSelector: podsNotIsolated(instance),
      policyTypes: ["Egress"],
      egress: [{ to: [peerOf(input.dns)], ports: dnsPorts }, ...operatorExternalEgress(input.destinations)],
    }),
    policy("cert-manager-controller-egress", ns, {
      podSelector: component("controller"),
      policyTypes: ["Egress"],
      egress: [
        ...internetEgressRule([80], input.destinations),
        { to: [peerOf(input.ingressController)], ports: [tcp(80)] },
        ...(input.dns01 ? [{ to: [{ ipBlock: internetBlock(input.destinations.nonInternetCidrs) }], ports: dnsPorts }] : []),
      ],
    }),
    policy("cert-manager-webhook-ingress", ns, {
      podSelector: component("webhook"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [outsidePods], ports: [tcp(CERT_MANAGER_PORTS.webhook)] }],
    }),
  ];
  if (input.monitoring) {
    policies.push(
      policy("cert-manager-metrics-ingress", ns, {
        podSelector: {
          matchLabels: instance,
          matchExpressions: [{ key: "app.kubernetes.io/component", operator: "In", values: SCRAPED_COMPONENTS }, notIsolated()],
        },
        policyTypes: ["Ingress"],
        ingress: [{ from: [peerOf(input.monitoring)], ports: [tcp(CERT_MANAGER_PORTS.metrics)] }],
      }),
    );
  }
  return policies;
}

/** Label cert-manager puts on HTTP-01 solver pods. */
export const HTTP01_SOLVER_LABEL = "acme.cert-manager.io/http01-solver";
/** Port the HTTP-01 solver pod listens on. */
export const HTTP01_SOLVER_PORT = 8089;

/**
 * Lets the ingress controller reach HTTP-01 solver pods, which cert-manager starts in the namespace of the
 * Certificate being issued (default-deny would otherwise drop the ACME server's validation request).
 */
export function http01SolverNetworkPolicy(namespace: string, ingressController: Peer) {
  return policy("acme-http01-solver-ingress", namespace, {
    podSelector: podsNotIsolated({ [HTTP01_SOLVER_LABEL]: "true" }),
    policyTypes: ["Ingress"],
    ingress: [{ from: [peerOf(ingressController)], ports: [tcp(HTTP01_SOLVER_PORT)] }],
  });
}
