/**
 * NetworkPolicies that let cert-manager work inside default-deny namespaces. Every declared namespace starts with
 * default-deny-all, so without these the webhook is unreachable, the startup API check never passes and the
 * release never becomes ready. They must exist before the release is installed.
 */
import { componentLabels } from "../../core/labels";
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
  /** Pod ranges: HTTP(S) egress goes anywhere outside them, never to the shop's pods. */
  podCidrs: string[];
  /** Pod, service and node ranges: never the target of the DNS-01 nameserver rule. */
  clusterCidrs: string[];
}

/** Ports of cert-manager's pods (chart defaults). */
export const CERT_MANAGER_PORTS = { webhook: 10250, metrics: 9402 } as const;

const instance = { "app.kubernetes.io/instance": CERT_MANAGER_RELEASE };
const component = (c: string) => ({ matchLabels: { ...instance, "app.kubernetes.io/component": c } });
const peerOf = (p: Peer) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
  podSelector: { matchLabels: p.podLabels },
});
const tcp = (port: number) => ({ protocol: "TCP", port });
const dnsPorts = [{ protocol: "UDP", port: 53 }, tcp(53)];

function policy(name: string, namespace: string, spec: Record<string, unknown>) {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, labels }, spec };
}

/** Outside the cluster: every address but the cluster's own ranges. */
function outside(clusterCidrs: string[]) {
  return { ipBlock: { cidr: "0.0.0.0/0", except: clusterCidrs } };
}

/**
 * The cert-manager namespace's policies:
 * - every cert-manager pod may resolve names through cluster DNS and reach the Kubernetes API, the ACME and
 *   Cloudflare endpoints on 443/6443 and the HTTP-01 self-check on 80, anywhere outside the pod network (none of
 *   them has a fixed address, so by port); the self-check may also reach the ingress controller's pods on 80;
 * - the controller may query authoritative nameservers on 53 when DNS-01 is on;
 * - the webhook accepts the API server on its port (the control plane's addresses vary per cluster);
 * - the scraper may read the metrics port when ServiceMonitors are on.
 */
export function certManagerNetworkPolicies(input: CertManagerPoliciesInput) {
  const ns = CERT_MANAGER_NAMESPACE;
  const policies = [
    policy("cert-manager-egress", ns, {
      podSelector: { matchLabels: instance },
      policyTypes: ["Egress"],
      egress: [
        { to: [peerOf(input.dns)], ports: dnsPorts },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: input.podCidrs } }], ports: [tcp(80), tcp(443), tcp(6443)] },
        { to: [peerOf(input.ingressController)], ports: [tcp(80)] },
      ],
    }),
    policy("cert-manager-webhook-ingress", ns, {
      podSelector: component("webhook"),
      policyTypes: ["Ingress"],
      ingress: [{ ports: [tcp(CERT_MANAGER_PORTS.webhook)] }],
    }),
  ];
  if (input.dns01) {
    policies.push(
      policy("cert-manager-dns01-egress", ns, {
        podSelector: component("controller"),
        policyTypes: ["Egress"],
        egress: [{ to: [outside(input.clusterCidrs)], ports: dnsPorts }],
      }),
    );
  }
  if (input.monitoring) {
    policies.push(
      policy("cert-manager-metrics-ingress", ns, {
        podSelector: { matchLabels: instance },
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
    podSelector: { matchLabels: { [HTTP01_SOLVER_LABEL]: "true" } },
    policyTypes: ["Ingress"],
    ingress: [{ from: [peerOf(ingressController)], ports: [tcp(HTTP01_SOLVER_PORT)] }],
  });
}
