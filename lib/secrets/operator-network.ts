/**
 * The operator namespace's allow policy: its default-deny would cut External Secrets and Reloader off from DNS,
 * the Kubernetes API, Vault and AWS, and the API server off from the admission webhook.
 */
import { operatorNetworkPolicyManifest } from "../render/operator-network-policy";

/** Port the external-secrets admission webhook listens on (the chart's `webhook.port`). */
export const ESO_WEBHOOK_PORT = 10250;
/** Metrics ports: external-secrets (8080) and Reloader (9090). */
export const METRICS_PORTS = [8080, 9090] as const;

/** What the policy is derived from. */
export interface OperatorNetworkInput {
  /** Namespace of the operator and Reloader. */
  namespace: string;
  /** Pod ranges: HTTPS egress goes anywhere outside them, never to the shop's pods. */
  podCidrs: string[];
  /** Vault URL, when a Vault store exists (its port is opened when it is not 443). */
  vaultAddress?: string;
  /** Whether Prometheus scrapes the metrics ports. */
  metrics: boolean;
}

/** The TCP port of an https URL (443 unless given). */
export function httpsPortOf(url: string): number {
  const port = new URL(url).port;
  return port ? Number(port) : 443;
}

/** The NetworkPolicy of the operator namespace. */
export function operatorNetworkPolicy(i: OperatorNetworkInput) {
  const vaultPort = i.vaultAddress ? httpsPortOf(i.vaultAddress) : 443;
  return operatorNetworkPolicyManifest({
    namespace: i.namespace,
    name: "external-secrets-operator",
    component: "secrets",
    podCidrs: i.podCidrs,
    extraEgressPorts: vaultPort === 443 ? [] : [vaultPort],
    ingressPorts: [ESO_WEBHOOK_PORT, ...(i.metrics ? METRICS_PORTS : [])],
  });
}
