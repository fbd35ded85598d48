/**
 * The address ranges of the cluster as egress rules see them: what is not "the internet" (for rules that must
 * reach only outside destinations) and where the API server's endpoints are.
 */

/**
 * Ranges that are never "the internet": RFC 1918 private networks, RFC 6598 shared address space (carrier-grade
 * NAT, also used by some cloud networks), link-local (the cloud metadata endpoint 169.254.169.254 lives there) and
 * loopback.
 */
export const NON_PUBLIC_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"];

/** Non-public ranges plus the cluster's own pod, service and node ranges (deduplicated, in that order). */
export function nonInternetRanges(cluster: { podCidrs: string[]; serviceCidrs: string[]; nodeCidrs: string[] }): string[] {
  return [...new Set([...NON_PUBLIC_RANGES, ...cluster.podCidrs, ...cluster.serviceCidrs, ...cluster.nodeCidrs])];
}

/** Where the API server's endpoints live: the node/VPC ranges (EKS places its control-plane ENIs there), else anywhere. */
export function apiServerRanges(cluster: { nodeCidrs: string[] }): string[] {
  return cluster.nodeCidrs.length > 0 ? [...cluster.nodeCidrs] : ["0.0.0.0/0"];
}
