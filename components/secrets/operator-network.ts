/**
 * The operator namespace's allow policies: its default-deny would cut External Secrets and Reloader off from DNS,
 * the Kubernetes API, Vault and AWS, and the API server off from the admission webhook. Each policy selects the
 * charts' pods by the labels they render, and lets in only the caller each needs.
 */
import type { OperatorDestinations } from "../../core/cluster-ranges";
import {
  destinationEgressRule,
  dnsEgressRule,
  ingressAllowManifest,
  internetEgressRule,
  operatorExternalEgress,
  outsidePodNetwork,
  scraperPeer,
  type PeerPods,
} from "../../core/operator-network-policy";
import { componentLabels } from "../../core/labels";
import { allPodsNotIsolated, podsNotIsolated } from "../../core/zero-trust/selectors";
import { RELEASES } from "./policy-exceptions";

export type { PeerPods } from "../../core/operator-network-policy";

/** Port the external-secrets admission webhook listens on (the chart's `webhook.port`). */
export const ESO_WEBHOOK_PORT = 10250;
/** Metrics port of every external-secrets pod (controller, webhook, cert controller). */
export const ESO_METRICS_PORT = 8080;
/** Metrics port of Reloader (its PodMonitor's `http` port). */
export const RELOADER_METRICS_PORT = 9090;

/** The labels the charts put on their pods (the release names being the charts' names). */
export const POD_LABELS = {
  /** Every external-secrets pod. */
  externalSecrets: { "app.kubernetes.io/instance": RELEASES.externalSecrets },
  /** The controller, which calls Vault and AWS. */
  controller: { "app.kubernetes.io/name": "external-secrets", "app.kubernetes.io/instance": RELEASES.externalSecrets },
  /** The admission webhook. */
  webhook: { "app.kubernetes.io/name": "external-secrets-webhook", "app.kubernetes.io/instance": RELEASES.externalSecrets },
  /** Reloader. */
  reloader: { "app.kubernetes.io/name": "reloader", "app.kubernetes.io/instance": RELEASES.reloader },
} as const;

/** What the policies are derived from. */
export interface OperatorNetworkInput {
  /** Namespace of the operator and Reloader. */
  namespace: string;
  /** Pod ranges: the API server's calls to the webhook come from outside them. */
  podCidrs: string[];
  /** Where the pods may connect outside the cluster: the internet on HTTPS (AWS APIs), the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** The cluster DNS pods, the only DNS server reachable. */
  dns: PeerPods;
  /** Vault URL, when a Vault store exists: the controller reaches its port. */
  vaultAddress?: string;
  /** Vault's address ranges (`secrets.vault.cidrs`): reached there on its port; on the internet when omitted. */
  vaultCidrs?: string[];
  /** The metrics scraper, when metrics are scraped. */
  metricsScraper?: PeerPods;
  /** Reloader runs in the namespace (`secrets.rotation`). */
  reloader: boolean;
}

/** The TCP port of an https URL (443 unless given). */
export function httpsPortOf(url: string): number {
  const port = new URL(url).port;
  return port ? Number(port) : 443;
}

/**
 * The NetworkPolicies of the operator namespace.
 * - `external-secrets-operator`: every pod resolves names and reaches the internet on HTTPS, the API server and the
 *   VPC endpoints (never another private, link-local or loopback address);
 * - `external-secrets-vault-egress`: the controller reaches Vault on its port, at `secrets.vault.cidrs` when
 *   declared (a Vault inside the VPC), else on the internet (only when its port is not 443, which the first covers);
 * - `external-secrets-webhook-ingress`: the API server calls the webhook;
 * - `external-secrets-metrics-ingress`, `reloader-metrics-ingress`: the scraper reads each chart's metrics port.
 */
export function operatorNetworkPolicies(i: OperatorNetworkInput) {
  const labels = componentLabels("secrets");
  const common = { namespace: i.namespace, component: "secrets" };
  const vaultPort = i.vaultAddress ? httpsPortOf(i.vaultAddress) : undefined;
  const vaultRules =
    vaultPort === undefined
      ? []
      : i.vaultCidrs?.length
        ? destinationEgressRule({ cidrs: i.vaultCidrs, ports: [vaultPort] }, i.destinations)
        : vaultPort !== 443
          ? internetEgressRule([vaultPort], i.destinations)
          : [];
  const egress = (name: string, pods: Record<string, string> | undefined, rules: unknown[]) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: i.namespace, labels },
    spec: { podSelector: pods ? podsNotIsolated(pods) : allPodsNotIsolated(), policyTypes: ["Egress"], egress: rules },
  });
  return [
    egress("external-secrets-operator", undefined, [dnsEgressRule(i.dns), ...operatorExternalEgress(i.destinations)]),
    ...(vaultRules.length > 0 ? [egress("external-secrets-vault-egress", POD_LABELS.controller, vaultRules)] : []),
    ingressAllowManifest({
      ...common,
      name: "external-secrets-webhook-ingress",
      pods: POD_LABELS.webhook,
      from: [outsidePodNetwork(i.podCidrs)],
      ports: [ESO_WEBHOOK_PORT],
    }),
    ...(i.metricsScraper
      ? [
          ingressAllowManifest({
            ...common,
            name: "external-secrets-metrics-ingress",
            pods: POD_LABELS.externalSecrets,
            from: [scraperPeer(i.metricsScraper)],
            ports: [ESO_METRICS_PORT],
          }),
          ...(i.reloader
            ? [
                ingressAllowManifest({
                  ...common,
                  name: "reloader-metrics-ingress",
                  pods: POD_LABELS.reloader,
                  from: [scraperPeer(i.metricsScraper)],
                  ports: [RELOADER_METRICS_PORT],
                }),
              ]
            : []),
        ]
      : []),
  ];
}
