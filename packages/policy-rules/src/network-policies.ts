// NetworkPolicies that undo what default-deny set up: a rule with no peer admits every source or destination (every
// pod of the cluster and every address outside it), `0.0.0.0/0` without exceptions is every address, and an egress
// rule that reaches the cloud's instance metadata service hands the node's credentials to the pod.
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { fieldsOf, listOf, objectsOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import type { Fields, PolicyResource, PolicyRule, Violation } from "./types";
import { containsUnknown } from "./unknown";

const isNetworkPolicy = (resource: PolicyResource) => isKind(resource, "networking.k8s.io", "NetworkPolicy");

type Direction = "ingress" | "egress";

/** Each rule of a policy in one direction, with its path and peers, when the policy holds no unknown value there. */
function rulesOf(policy: PolicyResource, direction: Direction): Array<{ rule: Fields; path: string; peers: Fields[] }> {
  const spec = fieldsOf(policy.props.spec);
  if (spec === undefined) return [];
  return listOf(spec[direction]).flatMap((item, index) => {
    const rule = fieldsOf(item);
    if (rule === undefined || containsUnknown(rule)) return [];
    const peers = objectsOf(rule[direction === "ingress" ? "from" : "to"]);
    return [{ rule, path: `spec.${direction}[${index}]`, peers }];
  });
}

/** Whether a label selector selects everything (present and empty). */
const selectsAll = (selector: unknown) => {
  const s = fieldsOf(selector);
  return s !== undefined && listOf(s.matchExpressions).length === 0 && Object.keys(fieldsOf(s.matchLabels) ?? {}).length === 0;
};

/** Parses a CIDR, or undefined when it is not one. */
function cidrOf(text: unknown): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  if (typeof text !== "string" || !ipaddr.isValidCIDR(text)) return undefined;
  return ipaddr.parseCIDR(text);
}

/** What a peer stands for when it is everyone: every address, or every pod of every namespace; else undefined. */
function everyonePeer(peer: Fields): string | undefined {
  const block = fieldsOf(peer.ipBlock);
  if (block !== undefined) {
    const cidr = cidrOf(block.cidr);
    return cidr !== undefined && cidr[1] === 0 && listOf(block.except).length === 0 ? `every address (${String(block.cidr)})` : undefined;
  }
  if (selectsAll(peer.namespaceSelector) && (peer.podSelector === undefined || selectsAll(peer.podSelector))) return "every pod of every namespace";
  return undefined;
}

/** `on ports 53/UDP, 8080` or `on every port`. */
function portsText(rule: Fields): string {
  const ports = objectsOf(rule.ports);
  if (ports.length === 0) return "on every port";
  return `on port${ports.length > 1 ? "s" : ""} ${ports.map((p) => `${String(p.port ?? "*")}${p.endPort === undefined ? "" : `-${String(p.endPort)}`}/${String(p.protocol ?? "TCP")}`).join(", ")}`;
}

const allowAllConfig = z.strictObject({
  allowed: namePatterns(
    "NetworkPolicies (namespace/name, * as a wildcard) allowed to admit everyone, e.g. the public ingress controller's ingress on 80 and 443.",
  ),
});

/** No rule that admits everyone. */
export const networkPolicyNoAllowAll: PolicyRule<z.infer<typeof allowAllConfig>> = {
  name: "networkpolicy-no-allow-all",
  group: "network",
  description:
    "No NetworkPolicy rule admits everyone: a rule without from/to peers (e.g. `ingress: [{}]`), an ipBlock of 0.0.0.0/0 or ::/0 without exceptions, or every pod of every namespace; each flow names its peers.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: allowAllConfig,
  appliesTo: isNetworkPolicy,
  check(resource, config) {
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    const violations: Violation[] = [];
    for (const direction of ["ingress", "egress"] as const) {
      const side = direction === "ingress" ? "from" : "to";
      const who = direction === "ingress" ? "source" : "destination";
      for (const { rule, path, peers } of rulesOf(resource, direction)) {
        if (peers.length === 0) {
          violations.push({
            path,
            message: `${path} has no ${side} peers: it admits every ${who} (every pod of the cluster and every outside address) ${portsText(rule)}`,
            fix: `name the ${who}s in ${side} (podSelector, namespaceSelector with podSelector, or ipBlock CIDRs)`,
          });
          continue;
        }
        listOf(rule[side]).forEach((item, index) => {
          const everyone = everyonePeer(fieldsOf(item) ?? {});
          if (everyone === undefined) return;
          violations.push({
            path: `${path}.${side}[${index}]`,
            message: `${path}.${side}[${index}] admits ${everyone} ${portsText(rule)}`,
            fix: `name the ${who}s (for the internet: 0.0.0.0/0 with the private, link-local and cluster ranges in except)`,
          });
        });
      }
    }
    return violations;
  },
};

/** The instance metadata endpoints of the clouds (AWS, GCP, Azure, OpenStack; ECS task credentials; Alibaba; AWS IPv6). */
export const METADATA_ADDRESSES = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"];

const metadataConfig = z.strictObject({
  metadataAddresses: z
    .array(z.string().refine((a) => ipaddr.isValid(a), "must be an IP address"))
    .default(METADATA_ADDRESSES)
    .describe("Addresses of the cloud's instance metadata service."),
  allowed: namePatterns(
    "NetworkPolicies (namespace/name, * as a wildcard) allowed to reach the metadata service, e.g. a node agent that needs the node's identity.",
  ),
});

/** Whether an egress peer can reach `address`: an ipBlock that contains it and does not except it. */
function peerReaches(peer: Fields, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const block = fieldsOf(peer.ipBlock);
  const cidr = cidrOf(block?.cidr);
  if (cidr === undefined || cidr[0].kind() !== address.kind() || !address.match(cidr)) return false;
  return !listOf(block?.except).some((e) => {
    const except = cidrOf(e);
    return except !== undefined && except[0].kind() === address.kind() && address.match(except);
  });
}

/** Whether a rule's ports admit TCP 80, where the metadata services listen (every port when it lists none). */
function admitsHttp(rule: Fields): boolean {
  const ports = objectsOf(rule.ports);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== "TCP") return false;
    if (p.port === undefined) return true;
    if (typeof p.port !== "number") return false;
    return p.port === 80 || (typeof p.endPort === "number" && p.port <= 80 && p.endPort >= 80);
  });
}

/** No egress to the instance metadata service. */
export const networkPolicyNoMetadataEgress: PolicyRule<z.infer<typeof metadataConfig>> = {
  name: "networkpolicy-no-metadata-egress",
  group: "network",
  description:
    "No NetworkPolicy lets pods reach the cloud's instance metadata service (169.254.169.254 and its kin on port 80): it hands out the node's cloud credentials; external egress excepts the link-local range.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: metadataConfig,
  appliesTo: isNetworkPolicy,
  check(resource, config) {
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    const addresses = config.metadataAddresses.map((a) => ipaddr.parse(a));
    const violations: Violation[] = [];
    for (const { rule, path, peers } of rulesOf(resource, "egress")) {
      if (!admitsHttp(rule)) continue;
      const reached = peers.length === 0 ? addresses : addresses.filter((a) => peers.some((p) => peerReaches(p, a)));
      if (reached.length === 0) continue;
      violations.push({
        path: peers.length === 0 ? path : `${path}.to`,
        message: `${path} lets the pods reach the instance metadata service (${reached.map((a) => a.toString()).join(", ")}) ${portsText(rule)}`,
        fix: "add 169.254.0.0/16 (and the other metadata addresses) to the ipBlock's except, or name narrower CIDRs",
      });
    }
    return violations;
  },
};

/** The NetworkPolicy content rules of the network group. */
export const networkPolicyRules: readonly PolicyRule[] = [networkPolicyNoAllowAll, networkPolicyNoMetadataEgress] as PolicyRule[];
