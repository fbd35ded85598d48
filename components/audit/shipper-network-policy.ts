/**
 * The EKS audit shipper's NetworkPolicy, on top of its namespace's default-deny: nothing comes in (the kubelet's probes
 * aside, which NetworkPolicies do not govern), and it reaches only the cluster DNS, CloudWatch Logs and STS on 443
 * outside every private and cluster range (or through the VPC endpoints), and the log store.
 */
import { EKS_AUDIT_SHIPPER } from "../../core/audit-log";
import type { OperatorDestinations } from "../../core/cluster-ranges";
import { cloudApiEgress, dnsEgressRule, type PeerPods } from "../../core/operator-network-policy";
import { logStoreClientEgress, type LogStoreEndpoint } from "../../core/log-store";
import { podsNotIsolated } from "../../core/zero-trust/selectors";
import { shipperLabels } from "./shipper-manifests";

/** Inputs of {@link shipperNetworkPolicy}. */
export interface ShipperNetworkInput {
  /** The shipper's namespace. */
  namespace: string;
  /** Cluster DNS (`network.dns`). */
  dns: PeerPods;
  /** The internet (never a private, link-local or cluster address) and the VPC endpoints. */
  destinations: OperatorDestinations;
  /** The log store, its namespace (in-cluster) and the ranges an external endpoint is never in. */
  store: { endpoint: LogStoreEndpoint; namespace: string };
  clusterCidrs: string[];
}

/** The shipper's NetworkPolicy. */
export function shipperNetworkPolicy(i: ShipperNetworkInput) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: EKS_AUDIT_SHIPPER, namespace: i.namespace, labels: shipperLabels() },
    spec: {
      // A pod labelled incident=isolated is no longer selected: the namespace's default-deny then cuts all its traffic.
      podSelector: podsNotIsolated({ "app.kubernetes.io/name": EKS_AUDIT_SHIPPER }),
      policyTypes: ["Ingress", "Egress"],
      egress: [
        dnsEgressRule(i.dns),
        // CloudWatch Logs and STS: their public endpoints on 443, or the VPC's interface endpoints.
        ...cloudApiEgress(i.destinations),
        logStoreClientEgress(i.store.endpoint, i.store.namespace, i.clusterCidrs),
      ],
    },
  };
}
