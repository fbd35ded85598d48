/**
 * NetworkPolicies for platform operators (trivy-operator, policy-controller, Velero) in namespaces whose
 * default-deny would otherwise cut them off from DNS, the Kubernetes API and the services they call.
 */
import { componentLabels } from "./labels";

/** Pods outside the namespace, by namespace and labels (config `network.dns`, `network.monitoring`). */
export interface PeerPods {
  /** Namespace of the pods. */
  namespace: string;
  /** Labels the pods carry. */
  podLabels: Record<string, string>;
}

/** What an operator namespace's pods may reach, and who may reach them. */
export interface OperatorNetworkSpec {
  /** Namespace the policy lives in. */
  namespace: string;
  /** Policy name. */
  name: string;
  /** `app.kubernetes.io/component` label of the policy (the concern that owns it). */
  component: string;
  /** Pods the policy selects; all pods of the namespace when omitted. */
  podSelector?: Record<string, string>;
  /**
   * Pod network ranges. HTTPS egress (API server, registries, S3, webhooks) goes to any address outside them,
   * so the operator cannot reach the shop's pods.
   */
  podCidrs: string[];
  /** Extra TCP ports reachable outside the pod network besides 443 (e.g. 6443 for an API server on that port). */
  extraEgressPorts?: number[];
  /** TCP ports that accept connections from anywhere (an admission webhook the API server calls). */
  ingressPorts?: number[];
  /** The cluster DNS pods (config `network.dns`): the only DNS server reachable; CoreDNS in kube-system by default. */
  dns?: PeerPods;
  /** The metrics scraper and the metrics ports it may reach, when metrics are scraped. */
  metrics?: { scraper: PeerPods; ports: number[] };
}

/** CoreDNS / kube-dns as clusters label it. */
const CLUSTER_DNS: PeerPods = { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } };

const peerSelector = (p: PeerPods) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
  podSelector: { matchLabels: p.podLabels },
});

/** DNS to the cluster resolver. */
export function dnsEgressRule(dns: PeerPods) {
  return {
    to: [peerSelector(dns)],
    ports: [
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ],
  };
}

/** An allow policy layered on the namespace's default-deny. */
export function operatorNetworkPolicyManifest(spec: OperatorNetworkSpec) {
  const ports = [443, ...(spec.extraEgressPorts ?? [])];
  const ingress: Array<Record<string, unknown>> = [];
  if (spec.ingressPorts?.length) ingress.push({ ports: spec.ingressPorts.map((port) => ({ protocol: "TCP", port })) });
  if (spec.metrics?.ports.length) {
    ingress.push({ from: [peerSelector(spec.metrics.scraper)], ports: spec.metrics.ports.map((port) => ({ protocol: "TCP", port })) });
  }
  const policyTypes = ingress.length ? ["Ingress", "Egress"] : ["Egress"];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: spec.name, namespace: spec.namespace, labels: componentLabels(spec.component) },
    spec: {
      podSelector: spec.podSelector ? { matchLabels: spec.podSelector } : {},
      policyTypes,
      ...(ingress.length ? { ingress } : {}),
      egress: [
        dnsEgressRule(spec.dns ?? CLUSTER_DNS),
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: spec.podCidrs } }],
          ports: ports.map((port) => ({ protocol: "TCP", port })),
        },
      ],
    },
  };
}
