/**
 * NetworkPolicies of the logging namespace and of Fluent Bit's own namespace, on top of their default-deny: each app
 * gets exactly the flows it needs (Fluent Bit -> Elasticsearch across the two namespaces, the API server and DNS; on
 * EKS the audit concern's shipper -> Elasticsearch;
 * Kibana -> Elasticsearch; node <-> node transport; the GDPR retention job -> Elasticsearch; Prometheus -> Fluent Bit's
 * metrics port).
 */
import { componentLabels } from "../../core/labels";
import type { LogStoreEndpoint } from "../../core/log-store";
import { cloudApiEgress, dnsEgressRule, type PeerPods } from "../../core/operator-network-policy";
import type { LoggingNetworkSettings } from "./settings";
import { ELASTICSEARCH, ES_HTTP_PORT, ES_TRANSPORT_PORT, FLUENT_BIT, FLUENT_BIT_HTTP_PORT, KIBANA, SECURITY_SETUP, appSelector } from "./names";

/** Inputs of {@link loggingNetworkPolicies}: the resolved network settings, and where the apps run. */
export interface LoggingNetworkInput extends LoggingNetworkSettings {
  /** Namespace of Elasticsearch, Kibana and the setup job. */
  namespace: string;
  /** Namespace of Fluent Bit. */
  collectorNamespace: string;
  /** The log store. */
  endpoint: LogStoreEndpoint;
  /** Elasticsearch snapshots to the S3 archive: its pods reach S3 and STS on 443 (the internet, never a private address, or the VPC endpoints). */
  archive: boolean;
}

/** Excludes pods under incident isolation (see docs/runbook-incident-response.md). */
const notIsolated = { key: "incident", operator: "NotIn", values: ["isolated"] };
const nsSelector = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });
const peerOf = (p: PeerPods) => ({ namespaceSelector: nsSelector(p.namespace), podSelector: { matchLabels: p.podLabels } });
const app = (name: string) => ({ podSelector: { matchLabels: appSelector(name) } });
const tcp = (port: number) => ({ protocol: "TCP", port });

/** Egress to the log store: the in-cluster Elasticsearch pods, or the external endpoint's port outside the cluster ranges. */
function storeEgress(i: LoggingNetworkInput) {
  if (i.endpoint.inCluster) return { to: [app(ELASTICSEARCH)], ports: [tcp(ES_HTTP_PORT)] };
  return { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: i.clusterCidrs } }], ports: [tcp(i.endpoint.port)] };
}

/** A logging app's pods in another namespace, unless isolated. */
const appIn = (namespace: string, name: string) => ({
  namespaceSelector: nsSelector(namespace),
  podSelector: { matchLabels: appSelector(name), matchExpressions: [notIsolated] },
});

/** Fluent Bit's egress to the store: Elasticsearch's pods in the logging namespace, or the external endpoint. */
function collectorStoreEgress(i: LoggingNetworkInput) {
  return i.endpoint.inCluster ? { to: [appIn(i.namespace, ELASTICSEARCH)], ports: [tcp(ES_HTTP_PORT)] } : storeEgress(i);
}

/** The NetworkPolicies of the logging namespace and of Fluent Bit's. */
export function loggingNetworkPolicies(i: LoggingNetworkInput) {
  const policy = (name: string, podApp: string, spec: Record<string, unknown>, namespace = i.namespace) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace, labels: componentLabels("logging") },
    // A pod labelled incident=isolated is no longer selected, so the namespace's default-deny cuts all its traffic.
    spec: { podSelector: { matchLabels: appSelector(podApp), matchExpressions: [notIsolated] }, ...spec },
  });
  const policies = [
    policy(
      "fluent-bit",
      FLUENT_BIT,
      {
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [peerOf(i.monitoring)], ports: [tcp(FLUENT_BIT_HTTP_PORT)] }],
        egress: [
          dnsEgressRule(i.dns),
          collectorStoreEgress(i),
          { to: i.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: i.apiServerPorts.map(tcp) },
        ],
      },
      i.collectorNamespace,
    ),
  ];
  if (i.endpoint.inCluster) {
    policies.push(
      policy("elasticsearch", ELASTICSEARCH, {
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [
              appIn(i.collectorNamespace, FLUENT_BIT),
              app(KIBANA),
              app(SECURITY_SETUP),
              // On EKS, the audit shipper writes the API server's audit events (CloudWatch Logs) as the same writer.
              ...(i.auditShipper
                ? [
                    {
                      namespaceSelector: nsSelector(i.auditShipper.namespace),
                      podSelector: { matchLabels: i.auditShipper.podLabels, matchExpressions: [notIsolated] },
                    },
                  ]
                : []),
            ],
            ports: [tcp(ES_HTTP_PORT)],
          },
          { from: [app(ELASTICSEARCH)], ports: [tcp(ES_HTTP_PORT), tcp(ES_TRANSPORT_PORT)] },
        ],
        egress: [
          dnsEgressRule(i.dns),
          { to: [app(ELASTICSEARCH)], ports: [tcp(ES_HTTP_PORT), tcp(ES_TRANSPORT_PORT)] },
          ...(i.archive ? cloudApiEgress(i.destinations) : []),
        ],
      }),
      // No ingress rule: Kibana is reached with `kubectl port-forward`, which NetworkPolicies do not govern.
      policy("kibana", KIBANA, { policyTypes: ["Ingress", "Egress"], egress: [dnsEgressRule(i.dns), storeEgress(i)] }),
      policy(SECURITY_SETUP, SECURITY_SETUP, { policyTypes: ["Ingress", "Egress"], egress: [dnsEgressRule(i.dns), storeEgress(i)] }),
    );
  }
  return policies;
}
