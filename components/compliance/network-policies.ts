/** The GDPR retention job's NetworkPolicy in the compliance namespace: DNS and the log store, nothing else. */
import { GDPR_JOB, GDPR_POD_LABELS } from "./names";
import { componentLabels } from "../../core/labels";
import { logStoreClientEgress, type LogStoreEndpoint } from "../../core/log-store";
import { dnsEgressRule, type PeerPods } from "../../core/operator-network-policy";

/** The policy (the namespace's default-deny covers the rest; the job takes no ingress). */
export function gdprRetentionNetworkPolicy(namespace: string, endpoint: LogStoreEndpoint, loggingNamespace: string, dns: PeerPods, clusterCidrs: string[]) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: GDPR_JOB, namespace, labels: componentLabels("compliance") },
    spec: {
      podSelector: { matchLabels: { ...GDPR_POD_LABELS }, matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }] },
      policyTypes: ["Ingress", "Egress"],
      egress: [dnsEgressRule(dns), logStoreClientEgress(endpoint, loggingNamespace, clusterCidrs)],
    },
  };
}
