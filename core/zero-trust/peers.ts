/** The peers outside the catalog that the zero-trust rules name: ingress controller, monitoring, DNS, Istio's control plane. */
import type { PlatformCaller } from "../catalog";
import type { ZeroTrustInput } from "./input";

/** A set of pods outside the catalog, by namespace and labels. */
export interface PlatformPeer {
  /** Short name, used for the representative pod and in reports (`ingress-controller`, `monitoring`, `kube-dns`, `istiod`). */
  name: string;
  /** Namespace its pods run in. */
  namespace: string;
  /** Labels its pods carry (all must match). */
  podLabels: Record<string, string>;
  /** Its ServiceAccount, when the peer has a mesh identity. */
  serviceAccount?: string;
  /** Ports it listens on, when others call it. */
  ports: Array<{ name: string; port: number; protocol: "TCP" | "UDP" }>;
}

/** The platform peer a catalog `calledBy` entry names. */
export function callerPeer(network: ZeroTrustInput["network"], peer: PlatformCaller["peer"]): PlatformPeer {
  const config = peer === "ingress-controller" ? network.ingressController : network.monitoring;
  return { name: peer, namespace: config.namespace, podLabels: config.podLabels, serviceAccount: config.serviceAccount, ports: [] };
}

/** Cluster DNS (kube-dns / CoreDNS): the only DNS server pods may query, on UDP and TCP 53. */
export function dnsPeer(network: ZeroTrustInput["network"]): PlatformPeer {
  return {
    name: "kube-dns",
    namespace: network.dns.namespace,
    podLabels: network.dns.podLabels,
    ports: [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
    ],
  };
}

/** istiod's xDS and certificate-signing port: every sidecar must reach it to get its config and workload certificate. */
export const ISTIOD_XDS_PORT = 15012;

/** Istio's control plane (istiod), which every sidecar calls for configuration and certificates when the mesh is on. */
export function meshControlPlanePeer(mesh: ZeroTrustInput["mesh"]): PlatformPeer {
  return {
    name: "istiod",
    namespace: mesh.istioNamespace,
    podLabels: { app: "istiod" },
    ports: [{ name: "grpc-xds", port: ISTIOD_XDS_PORT, protocol: "TCP" }],
  };
}
