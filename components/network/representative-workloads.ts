/**
 * One representative Pod per catalog service (named after the service, in its namespace, with exactly the catalog's
 * pod labels and container ports) plus the peers outside the catalog: the ingress controller, the monitoring scraper,
 * kube-dns and, when the mesh is on, istiod. Together with the stack's NetworkPolicies they let any NetworkPolicy
 * analyzer compute who can reach whom, without the real Deployments (which other repositories own).
 */
import type { ServiceDefinition } from "../../core/catalog";
import { servicePodLabels } from "../../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { meshSidecars, type ZeroTrustInput } from "../../core/zero-trust/input";
import { callerPeer, dnsPeer, meshControlPlanePeer, type PlatformPeer } from "../../core/zero-trust/peers";

/** A representative Pod manifest. */
export interface RepresentativePod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
  [field: string]: unknown;
}

/** Marks the pods as stand-ins, so nobody applies them by mistake thinking they are the workloads. */
const REPRESENTATIVE = { "ecommerce.example.com/representative": "stand-in for the analysis; not deployed" };

function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: Array<{ name: string; port: number; protocol: string }>,
  serviceAccount?: string,
): RepresentativePod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { ...labels }, annotations: { ...REPRESENTATIVE } },
    spec: {
      ...(serviceAccount ? { serviceAccountName: serviceAccount } : {}),
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      containers: [
        {
          name: "main",
          image: "registry.k8s.io/pause:3.10",
          ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
          securityContext: restrictedContainerSecurityContext(),
        },
      ],
    },
  };
}

/** The stand-in Pod of a catalog service. */
export function servicePod(service: ServiceDefinition): RepresentativePod {
  return pod(service.name, service.namespace, servicePodLabels(service), service.ports, service.serviceAccount);
}

/** The stand-in Pod of a platform peer. */
export function peerPod(peer: PlatformPeer): RepresentativePod {
  return pod(peer.name, peer.namespace, peer.podLabels, peer.ports, peer.serviceAccount);
}

/** The platform peers of the analysis: ingress controller, monitoring scraper, kube-dns, and istiod with the mesh on. */
export function platformPeers(input: Pick<ZeroTrustInput, "network" | "mesh" | "features">): PlatformPeer[] {
  return [
    callerPeer(input.network, "ingress-controller"),
    callerPeer(input.network, "monitoring"),
    dnsPeer(input.network),
    ...(meshSidecars(input) ? [meshControlPlanePeer(input.mesh)] : []),
  ];
}

/** Every representative Pod: the catalog's services in catalog order, then the platform peers. */
export function representativePods(input: Pick<ZeroTrustInput, "catalog" | "network" | "mesh" | "features">): RepresentativePod[] {
  return [...input.catalog.map(servicePod), ...platformPeers(input).map(peerPod)];
}
