/**
 * NetworkPolicies for platform operators (trivy-operator, policy-controller, Velero) in namespaces whose
 * default-deny would otherwise cut them off from DNS, the Kubernetes API and the services they call.
 */
import { componentLabels } from "./labels";

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
}

/** DNS to the cluster resolver in kube-system. */
export function dnsEgressRule() {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
      },
    ],
    ports: [
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ],
  };
}

/** An allow policy layered on the namespace's default-deny. */
export function operatorNetworkPolicyManifest(spec: OperatorNetworkSpec) {
  const ports = [443, ...(spec.extraEgressPorts ?? [])];
  const policyTypes = spec.ingressPorts?.length ? ["Ingress", "Egress"] : ["Egress"];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: spec.name, namespace: spec.namespace, labels: componentLabels(spec.component) },
    spec: {
      podSelector: spec.podSelector ? { matchLabels: spec.podSelector } : {},
      policyTypes,
      ...(spec.ingressPorts?.length ? { ingress: [{ ports: spec.ingressPorts.map((port) => ({ protocol: "TCP", port })) }] } : {}),
      egress: [
        dnsEgressRule(),
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: spec.podCidrs } }],
          ports: ports.map((port) => ({ protocol: "TCP", port })),
        },
      ],
    },
  };
}
