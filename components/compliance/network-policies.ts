/** The GDPR retention job's NetworkPolicy in the compliance namespace: DNS and the log store, nothing else. */
import { componentLabels } from "../../core/labels";
import type { LogStoreEndpoint } from "../logging/endpoint";
import { dnsEgress, logStoreClientEgress, type PodPeer } from "../logging/network-policies";
import { GDPR_JOB, GDPR_POD_LABELS } from "./gdpr-retention";

/** The policy (the namespace's default-deny covers the rest; the job takes no ingress). */
export function gdprRetentionNetworkPolicy(namespace: string, endpoint: LogStoreEndpoint, loggingNamespace: string, dns: PodPeer, clusterCidrs: string[]) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: GDPR_JOB, namespace, labels: componentLabels("compliance") },
    spec: {
      podSelector: { matchLabels: { ...GDPR_POD_LABELS }, matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }] },
      policyTypes: ["Ingress", "Egress"],
      egress: [dnsEgress(dns), logStoreClientEgress(endpoint, loggingNamespace, clusterCidrs)],
    },
  };
}
