/**
 * What every operator namespace's allow policy must say: DNS to the configured resolver, the internet on HTTPS (never
 * a private, shared, link-local or loopback address, nor the cluster's own ranges), and the declared API server.
 */
import { strict as assert } from "node:assert";
import type { StackRun } from ".";

/** The parts of a NetworkPolicy spec the assertions read. */
export interface NetpolSpec {
  podSelector: unknown;
  policyTypes: string[];
  ingress?: unknown[];
  egress: Array<{ to: Array<{ ipBlock?: { cidr: string; except?: string[] }; namespaceSelector?: unknown; podSelector?: unknown }>; ports: unknown[] }>;
}

/** RFC 1918, RFC 6598 (shared address space), link-local (the cloud metadata endpoint 169.254.169.254) and loopback. */
export const NOT_THE_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"];

/** "The internet" of a stack: 0.0.0.0/0 except every non-public range and the cluster's pod, service and node ranges. */
export function internetOf(run: StackRun) {
  const { podCidrs, serviceCidrs, nodeCidrs } = run.config.cluster;
  return { ipBlock: { cidr: "0.0.0.0/0", except: [...new Set([...NOT_THE_INTERNET, ...podCidrs, ...serviceCidrs, ...nodeCidrs])] } };
}

/** The API server as the stack declares it (`network.apiServer`, the node ranges by default). */
export function apiServerOf(run: StackRun): { cidrs: string[]; ports: number[] } {
  return { cidrs: run.config.network.apiServer.cidrs ?? run.config.cluster.nodeCidrs, ports: run.config.network.apiServer.ports };
}

/** An operator namespace's egress: the configured cluster DNS on 53, TCP 443 on the internet, the API server on its ports. */
export function assertOperatorEgress(spec: NetpolSpec, run: StackRun): void {
  assert.ok(spec.policyTypes.includes("Egress"));
  const dns = run.config.network.dns;
  const apiServer = apiServerOf(run);
  assert.deepEqual(spec.egress, [
    {
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": dns.namespace } }, podSelector: { matchLabels: dns.podLabels } }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
    { to: [internetOf(run)], ports: [{ protocol: "TCP", port: 443 }] },
    { to: apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: apiServer.ports.map((port) => ({ protocol: "TCP", port })) },
  ]);
}
