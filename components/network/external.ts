/**
 * External egress destinations as NetworkPolicy ipBlocks. `namespaceSelector: {}` selects every namespace of the
 * cluster, not the internet, so external destinations are always address blocks: the CIDRs configured for the
 * destination, or "the internet" = 0.0.0.0/0 minus every range that is not the internet.
 */
import type { ExternalDependency, ServiceDefinition } from "../../core/catalog";
import { cidrWithin, NON_PUBLIC_RANGES } from "../../core/cluster-ranges";
import type { ClusterRanges, ZeroTrustInput } from "../../core/zero-trust/input";

/** A NetworkPolicy ipBlock. */
export interface IpBlock {
  cidr: string;
  except?: string[];
}

/** One external destination of a service, resolved to address blocks. */
export interface ExternalDestination {
  /** The catalog's name for it (`payment-provider`). */
  name: string;
  /** Where the addresses come from, for docs and reports. */
  source: "network.externalCidrs" | "catalog" | "internet";
  /** The allowed address blocks. */
  ipBlocks: IpBlock[];
  /** Allowed TCP ports. */
  ports: number[];
}

/** The cluster's pod, service and node ranges. */
function clusterRanges(cluster: ClusterRanges): string[] {
  return [...cluster.podCidrs, ...cluster.serviceCidrs, ...cluster.nodeCidrs];
}

/**
 * "The internet": 0.0.0.0/0 except {@link NON_PUBLIC_RANGES} and the cluster's own ranges (those already inside a
 * non-internet range are not repeated).
 */
export function internetIpBlock(cluster: ClusterRanges): IpBlock {
  const extra = clusterRanges(cluster).filter((r) => !NON_PUBLIC_RANGES.some((n) => cidrWithin(r, n, false)));
  return { cidr: "0.0.0.0/0", except: [...NON_PUBLIC_RANGES, ...new Set(extra)] };
}

/**
 * A configured CIDR as an ipBlock: cluster ranges strictly inside it are excepted, so a broad destination range
 * (a VPC endpoint network, say) can never open a path to the cluster's pods or services by IP.
 */
export function configuredIpBlock(cidr: string, cluster: ClusterRanges): IpBlock {
  const except = [...new Set(clusterRanges(cluster).filter((r) => cidrWithin(r, cidr, true)))];
  return except.length > 0 ? { cidr, except } : { cidr };
}

/** Where one external dependency may go: `network.externalCidrs[name]`, else the catalog's cidrs, else the internet. */
export function externalDestination(dep: ExternalDependency, input: Pick<ZeroTrustInput, "network" | "cluster">): ExternalDestination {
  const configured = input.network.externalCidrs[dep.name];
  if (configured)
    return { name: dep.name, source: "network.externalCidrs", ipBlocks: configured.map((c) => configuredIpBlock(c, input.cluster)), ports: dep.ports };
  if (dep.cidrs.length > 0) return { name: dep.name, source: "catalog", ipBlocks: dep.cidrs.map((c) => configuredIpBlock(c, input.cluster)), ports: dep.ports };
  return { name: dep.name, source: "internet", ipBlocks: [internetIpBlock(input.cluster)], ports: dep.ports };
}

/** Every external destination of a service. */
export function externalDestinations(service: ServiceDefinition, input: Pick<ZeroTrustInput, "network" | "cluster">): ExternalDestination[] {
  return service.external.map((dep) => externalDestination(dep, input));
}
