/**
 * NetworkPolicies for platform operators installed from charts (trivy-operator, policy-controller, Velero, Sealed
 * Secrets) in namespaces whose default-deny would otherwise cut them off from DNS, the Kubernetes API and the
 * services they call. Each policy selects the chart's pods by the labels the chart renders, and lets in only what
 * calls them: the API server (admission webhooks, the service proxy) from outside the pod network, and the metrics
 * scraper on the ports it scrapes, on the pods it scrapes. Out of the cluster they reach only the internet (never a
 * private, link-local or loopback address: no cloud metadata endpoint, no VPC host) on HTTPS, and the private
 * destinations the stack declares: the API server and the VPC endpoints ({@link OperatorDestinations}).
 */
import { blockExcept, internetBlock, type Destination, type OperatorDestinations } from "./cluster-ranges";
import { componentLabels } from "./labels";
import { allPodsNotIsolated, podsNotIsolated } from "./zero-trust/selectors";

/** Pods outside the namespace, by namespace and labels (config `network.dns`, `network.monitoring`). */
export interface PeerPods {
  /** Namespace of the pods. */
  namespace: string;
  /** Labels the pods carry. */
  podLabels: Record<string, string>;
}

/** Pods of the namespace (by their rendered labels) and TCP ports on them. */
export interface PodsAndPorts {
  /** Labels the pods carry, as the chart renders them. */
  pods: Record<string, string>;
  /** TCP ports on those pods. */
  ports: number[];
}

/** What an operator namespace's pods may reach, and who may reach them. */
export interface OperatorNetworkSpec {
  /** Namespace the policies live in. */
  namespace: string;
  /** Name of the egress policy; the ingress policies are `<name>-api-server-ingress` and `<name>-metrics-ingress`. */
  name: string;
  /** `app.kubernetes.io/component` label of the policies (the concern that owns them). */
  component: string;
  /** Pods the egress policy selects; every pod of the namespace when omitted (a namespace of its own). */
  podSelector?: Record<string, string>;
  /** Pod network ranges: the API server's calls (webhooks, the service proxy) come from outside them. */
  podCidrs: string[];
  /** Where the pods may connect outside the cluster: the internet, the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /**
   * TCP ports the pods reach on the internet (registries, cloud APIs, TUF mirrors): 443 unless given; none for a
   * controller that talks to the API server only (the VPC endpoints are then closed too).
   */
  internetPorts?: number[];
  /** Pods the API server calls (an admission webhook, the service proxy) and on which ports; from outside the pod network only. */
  apiServerIngress?: PodsAndPorts;
  /** The cluster DNS pods (config `network.dns`): the only DNS server reachable; CoreDNS in kube-system by default. */
  dns?: PeerPods;
  /** The metrics scraper and the pods and ports it scrapes, when metrics are scraped. */
  metrics?: { scraper: PeerPods } & PodsAndPorts;
}

/** CoreDNS / kube-dns as clusters label it. */
const CLUSTER_DNS: PeerPods = { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } };

/** These pods of that namespace, as a NetworkPolicy peer. */
export function peerSelector(p: PeerPods) {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
    podSelector: { matchLabels: p.podLabels },
  };
}
const tcp = (port: number) => ({ protocol: "TCP", port });

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

/** Anywhere outside the pod network: where the API server's calls to webhooks come from (never the shop's pods). */
export function outsidePodNetwork(podCidrs: readonly string[]) {
  return { ipBlock: { cidr: "0.0.0.0/0", except: [...podCidrs] } };
}

/** Egress to a declared private destination on its ports (none when it has no address). */
export function destinationEgressRule(destination: Destination, d: Pick<OperatorDestinations, "clusterCidrs">) {
  if (destination.cidrs.length === 0) return [];
  return [{ to: destination.cidrs.map((cidr) => ({ ipBlock: blockExcept(cidr, d.clusterCidrs) })), ports: destination.ports.map(tcp) }];
}

/** Egress to the internet (never a non-public or cluster address) on these TCP ports. */
export function internetEgressRule(ports: readonly number[], d: Pick<OperatorDestinations, "nonInternetCidrs">) {
  return ports.length === 0 ? [] : [{ to: [{ ipBlock: internetBlock(d.nonInternetCidrs) }], ports: ports.map(tcp) }];
}

/**
 * Egress to the cloud's public APIs (S3, STS, CloudWatch Logs, ...) on these TCP ports: the internet, never a private
 * or cluster address, and, where the VPC has them, its interface endpoints (the private way to the same APIs).
 */
export function cloudApiEgress(d: Pick<OperatorDestinations, "nonInternetCidrs" | "clusterCidrs" | "vpcEndpoints">, ports: readonly number[] = [443]) {
  return [...internetEgressRule(ports, d), ...(d.vpcEndpoints ? destinationEgressRule(d.vpcEndpoints, d) : [])];
}

/**
 * An operator's egress outside the cluster: the internet on `internetPorts`, the API server on its ports, and, when
 * it reaches the internet at all, the VPC endpoints on 443 (the private way to the same cloud APIs).
 */
export function operatorExternalEgress(d: OperatorDestinations, internetPorts: readonly number[] = [443]) {
  return [
    ...internetEgressRule(internetPorts, d),
    ...destinationEgressRule(d.apiServer, d),
    ...(d.vpcEndpoints && internetPorts.length > 0 ? destinationEgressRule(d.vpcEndpoints, d) : []),
  ];
}

/**
 * An ingress allow policy: the selected pods (never one under incident isolation) accept these peers on these TCP
 * ports, nothing else from this policy.
 */
export function ingressAllowManifest(a: {
  namespace: string;
  name: string;
  component: string;
  pods: Record<string, string>;
  from: Array<Record<string, unknown>>;
  ports: number[];
}) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: a.name, namespace: a.namespace, labels: componentLabels(a.component) },
    spec: { podSelector: podsNotIsolated(a.pods), policyTypes: ["Ingress"], ingress: [{ from: a.from, ports: a.ports.map(tcp) }] },
  };
}

/** The scraper as an ingress peer. */
export function scraperPeer(scraper: PeerPods) {
  return peerSelector(scraper);
}

/**
 * The allow policies of an operator namespace, layered on its default-deny: the egress policy (DNS, the internet on
 * HTTPS, the API server, the VPC endpoints) for the selected pods, and one ingress policy per kind of caller, each
 * selecting exactly the pods that caller needs.
 */
export function operatorNetworkPolicyManifests(spec: OperatorNetworkSpec) {
  const common = { namespace: spec.namespace, component: spec.component };
  const egress = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: spec.name, namespace: spec.namespace, labels: componentLabels(spec.component) },
    spec: {
      // Never a pod under incident isolation (`incident=isolated`): the namespace's default-deny then cuts it off.
      podSelector: spec.podSelector ? podsNotIsolated(spec.podSelector) : allPodsNotIsolated(),
      // Selected in a shared namespace without a default-deny (kube-system), the pods are isolated for ingress too.
      policyTypes: spec.podSelector ? ["Ingress", "Egress"] : ["Egress"],
      egress: [dnsEgressRule(spec.dns ?? CLUSTER_DNS), ...operatorExternalEgress(spec.destinations, spec.internetPorts)],
    },
  };
  const policies: Array<ReturnType<typeof ingressAllowManifest> | typeof egress> = [egress];
  if (spec.apiServerIngress?.ports.length) {
    // The control plane's addresses vary per cluster, but they are never in the pod network.
    policies.push(
      ingressAllowManifest({ ...common, name: `${spec.name}-api-server-ingress`, ...spec.apiServerIngress, from: [outsidePodNetwork(spec.podCidrs)] }),
    );
  }
  if (spec.metrics?.ports.length) {
    const { scraper, ...target } = spec.metrics;
    policies.push(ingressAllowManifest({ ...common, name: `${spec.name}-metrics-ingress`, ...target, from: [peerSelector(scraper)] }));
  }
  return policies;
}
