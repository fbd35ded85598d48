/**
 * The operator namespace's allow policy: its default-deny would cut External Secrets and Reloader off from DNS,
 * the Kubernetes API, Vault and AWS, and the API server off from the admission webhook.
 */
import { componentLabels } from "../../core/labels";

/** Port the external-secrets admission webhook listens on (the chart's `webhook.port`). */
export const ESO_WEBHOOK_PORT = 10250;
/** Metrics ports: external-secrets (8080) and Reloader (9090). */
export const METRICS_PORTS = [8080, 9090] as const;

/** Pods outside the namespace, by namespace and labels (config `network.dns`, `network.monitoring`). */
export interface PeerPods {
  /** Namespace of the pods. */
  namespace: string;
  /** Labels the pods carry. */
  podLabels: Record<string, string>;
}

/** What the policy is derived from. */
export interface OperatorNetworkInput {
  /** Namespace of the operator and Reloader. */
  namespace: string;
  /** Pod ranges: HTTPS egress goes anywhere outside them, never to the shop's pods. */
  podCidrs: string[];
  /** The cluster DNS pods, the only DNS server reachable. */
  dns: PeerPods;
  /** Vault URL, when a Vault store exists (its port is opened when it is not 443). */
  vaultAddress?: string;
  /** The metrics scraper, when metrics are scraped. */
  metricsScraper?: PeerPods;
}

/** The TCP port of an https URL (443 unless given). */
export function httpsPortOf(url: string): number {
  const port = new URL(url).port;
  return port ? Number(port) : 443;
}

const peer = (p: PeerPods) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
  podSelector: { matchLabels: p.podLabels },
});
const tcp = (port: number) => ({ protocol: "TCP", port });

/**
 * The NetworkPolicy of the operator namespace. The API server's address is not known to the cluster's network
 * policies (it is outside the pod network), so HTTPS egress and the webhook port are open beyond the pod ranges only.
 */
export function operatorNetworkPolicy(i: OperatorNetworkInput) {
  const vaultPort = i.vaultAddress ? httpsPortOf(i.vaultAddress) : 443;
  const egressPorts = [...new Set([443, vaultPort])];
  const outsidePods = [{ ipBlock: { cidr: "0.0.0.0/0", except: i.podCidrs } }];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "external-secrets-operator", namespace: i.namespace, labels: componentLabels("secrets") },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        { from: outsidePods, ports: [tcp(ESO_WEBHOOK_PORT)] },
        ...(i.metricsScraper ? [{ from: [peer(i.metricsScraper)], ports: METRICS_PORTS.map(tcp) }] : []),
      ],
      egress: [
        { to: [peer(i.dns)], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] },
        { to: outsidePods, ports: egressPorts.map(tcp) },
      ],
    },
  };
}
