/**
 * The address ranges of the cluster as egress rules see them: what is not "the internet" (for rules that must
 * reach only outside destinations), and the private destinations operators are allowed (the API server, the VPC
 * endpoints).
 */
import { parseCidr } from "@ecommerce-security/netpol";
import type { NetworkConfig } from "./config/network";

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

/** A NetworkPolicy ipBlock. */
export interface IpBlock {
  cidr: string;
  except?: string[];
}

/** Private addresses reachable on some TCP ports. */
export interface Destination {
  /** The address ranges. */
  cidrs: string[];
  /** The TCP ports. */
  ports: number[];
}

/** The cluster facts and `network` keys the operators' destinations come from. */
export interface DestinationsInput {
  cluster: { podCidrs: string[]; serviceCidrs: string[]; nodeCidrs: string[] };
  network: Pick<NetworkConfig, "apiServer" | "vpcEndpoints">;
}

/**
 * The API server as pods reach it (config `network.apiServer`): its endpoint ranges, the node/VPC ranges when none
 * are configured (EKS places its control-plane network interfaces in the cluster's subnets), on its ports. Empty
 * ranges only when neither is set, which the platform's checks refuse.
 */
export function apiServerDestination(c: DestinationsInput): Destination {
  return { cidrs: [...(c.network.apiServer.cidrs ?? c.cluster.nodeCidrs)], ports: [...c.network.apiServer.ports] };
}

/**
 * Where the platform's operators may open connections outside the cluster, resolved once for every concern that
 * runs one (External Secrets, Velero, trivy-operator, policy-controller, cert-manager, Sealed Secrets):
 * "the internet" never includes a private, shared, link-local (the cloud metadata endpoint) or loopback address nor
 * the cluster's own ranges; the private destinations they need are named: the API server and the VPC endpoints.
 */
export interface OperatorDestinations {
  /** Excepted from every internet rule: {@link nonInternetRanges}. */
  nonInternetCidrs: string[];
  /** Excepted from every private destination: the pod and service ranges (never the shop's pods or Services by IP). */
  clusterCidrs: string[];
  /** The API server (config `network.apiServer`). */
  apiServer: Destination;
  /** The VPC interface endpoints (config `network.vpcEndpoints`) on 443; undefined when there are none. */
  vpcEndpoints?: Destination;
}

/** The operators' destinations of a stack. */
export function operatorDestinations(c: DestinationsInput): OperatorDestinations {
  return {
    nonInternetCidrs: nonInternetRanges(c.cluster),
    clusterCidrs: [...new Set([...c.cluster.podCidrs, ...c.cluster.serviceCidrs])],
    apiServer: apiServerDestination(c),
    vpcEndpoints: c.network.vpcEndpoints.length > 0 ? { cidrs: [...c.network.vpcEndpoints], ports: [443] } : undefined,
  };
}

/** "The internet" as an ipBlock: every address but the non-internet ones. */
export function internetBlock(nonInternetCidrs: readonly string[]): IpBlock {
  return { cidr: "0.0.0.0/0", except: [...nonInternetCidrs] };
}

/** Whether CIDR `inner` lies inside CIDR `outer` (`strict`: and is smaller). */
export function cidrWithin(inner: string, outer: string, strict: boolean): boolean {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  if (!i.ok || !o.ok) return false;
  const inside = i.first >= o.first && i.last <= o.last;
  return strict ? inside && (i.first !== o.first || i.last !== o.last) : inside;
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.ok && y.ok && x.first <= y.last && y.first <= x.last;
}

/** A private destination's range as an ipBlock: the excluded ranges strictly inside it are excepted. */
export function blockExcept(cidr: string, excluded: readonly string[]): IpBlock {
  const except = [...new Set(excluded.filter((r) => cidrWithin(r, cidr, true)))];
  return except.length > 0 ? { cidr, except } : { cidr };
}
