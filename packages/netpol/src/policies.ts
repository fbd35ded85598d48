// Validates NetworkPolicy manifests and normalizes them: policyTypes defaulting, rules, peers and ports.
import type { KubeObject } from "@ecommerce-security/manifests";
import { ConnectionSet, maxPort, minPort, Protocol, protocols } from "./connection-set";
import { emptyIntervals, IntervalList, subtractIntervals, unionIntervals } from "./intervals";
import { parseCidr } from "./ipv4";
import { compileSelector } from "./label-selector";
import { Policy, PolicyRule, RulePeer, RulePort } from "./model";
import { objectIdentity, record } from "./workloads";

/** apiVersions of the Kubernetes NetworkPolicy; other groups (Calico, Cilium) reuse the kind name with other semantics. */
const networkPolicyApiVersions = new Set(["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"]);

/** Whether the object is a Kubernetes NetworkPolicy (list items without apiVersion count as one). */
export function isKubernetesNetworkPolicy(object: KubeObject): boolean {
  return object.kind === "NetworkPolicy" && (object.apiVersion === undefined || networkPolicyApiVersions.has(object.apiVersion));
}

type Direction = "ingress" | "egress";

/**
 * Normalizes one NetworkPolicy. `policyTypes` defaults as the API server does: Ingress always, plus Egress when the
 * policy has at least one egress rule (`egress: []` does not count). Problems go to `problems` with the file, the
 * policy, the field path, the value and what is allowed; `warnings` get what is skipped (IPv6 blocks).
 */
export function policyFromManifest(object: KubeObject, source: string, problems: string[], warnings: string[]): Policy | undefined {
  const { name, namespace } = objectIdentity(object);
  const where = `${source}: NetworkPolicy ${namespace}/${name ?? "<unnamed>"}`;
  if (name === undefined) {
    problems.push(`${where}: metadata.name is missing`);
    return undefined;
  }
  const spec = record(object.spec);
  const types = policyTypes(spec, where, problems);
  const context = { where, problems, warnings };
  return {
    namespace,
    name,
    podSelector: compileSelector(spec.podSelector, `${where}: spec.podSelector`, problems),
    ingress: types.has("Ingress") ? rules(spec.ingress, "ingress", context) : undefined,
    egress: types.has("Egress") ? rules(spec.egress, "egress", context) : undefined,
    source,
  };
}

function policyTypes(spec: Record<string, unknown>, where: string, problems: string[]): Set<"Ingress" | "Egress"> {
  const declared = spec.policyTypes;
  if (Array.isArray(declared) && declared.length > 0) {
    const types = new Set<"Ingress" | "Egress">();
    declared.forEach((type: unknown, index) => {
      if (type === "Ingress" || type === "Egress") types.add(type);
      else problems.push(`${where}: spec.policyTypes[${index}]: ${JSON.stringify(type)}; allowed: Ingress, Egress`);
    });
    return types;
  }
  if (declared !== undefined && declared !== null && !Array.isArray(declared)) {
    problems.push(`${where}: spec.policyTypes: expected a list of Ingress/Egress, got ${JSON.stringify(declared)}`);
  }
  const egressRules = spec.egress;
  return new Set(Array.isArray(egressRules) && egressRules.length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
}

interface ParseContext {
  where: string;
  problems: string[];
  warnings: string[];
}

function rules(raw: unknown, direction: Direction, context: ParseContext): PolicyRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    context.problems.push(`${context.where}: spec.${direction}: expected a list of rules, got ${JSON.stringify(raw)}`);
    return [];
  }
  return raw.map((rule: unknown, index) => parseRule(record(rule), `spec.${direction}[${index}]`, direction, context));
}

function parseRule(rule: Record<string, unknown>, path: string, direction: Direction, context: ParseContext): PolicyRule {
  const peersField = direction === "ingress" ? "from" : "to";
  const rawPeers = rule[peersField];
  let peers: RulePeer[] | undefined;
  if (Array.isArray(rawPeers) && rawPeers.length > 0) {
    peers = rawPeers.flatMap((peer: unknown, index) => parsePeer(record(peer), `${path}.${peersField}[${index}]`, context) ?? []);
  } else if (rawPeers !== undefined && rawPeers !== null && !Array.isArray(rawPeers)) {
    context.problems.push(`${context.where}: ${path}.${peersField}: expected a list of peers, got ${JSON.stringify(rawPeers)}`);
  }
  const ports = parsePorts(rule.ports, `${path}.ports`, context);
  let fixedConnections = ports.length === 0 ? ConnectionSet.all : ConnectionSet.none;
  for (const port of ports) {
    if (port.type === "all") fixedConnections = fixedConnections.union(ConnectionSet.allPortsOf(port.protocol));
    if (port.type === "range") fixedConnections = fixedConnections.union(ConnectionSet.portRange(port.protocol, port.from, port.to));
  }
  return {
    peers,
    fixedConnections,
    namedPorts: ports.filter((port): port is Extract<RulePort, { type: "named" }> => port.type === "named"),
    location: `${context.where}: ${path}`,
  };
}

function parsePeer(peer: Record<string, unknown>, path: string, context: ParseContext): RulePeer | undefined {
  const { problems, where } = context;
  const hasSelectors = peer.podSelector != null || peer.namespaceSelector != null;
  if (peer.ipBlock != null) {
    if (hasSelectors) {
      problems.push(`${where}: ${path}: ipBlock cannot be combined with podSelector or namespaceSelector in one peer; use separate peers`);
      return undefined;
    }
    return parseIpBlock(record(peer.ipBlock), `${path}.ipBlock`, context);
  }
  if (!hasSelectors) {
    problems.push(`${where}: ${path}: empty peer; allowed: podSelector, namespaceSelector (alone or together) or ipBlock`);
    return undefined;
  }
  return {
    type: "pods",
    namespaceSelector: peer.namespaceSelector != null ? compileSelector(peer.namespaceSelector, `${where}: ${path}.namespaceSelector`, problems) : undefined,
    podSelector: peer.podSelector != null ? compileSelector(peer.podSelector, `${where}: ${path}.podSelector`, problems) : undefined,
  };
}

function parseIpBlock(block: Record<string, unknown>, path: string, context: ParseContext): RulePeer | undefined {
  const { problems, warnings, where } = context;
  const cidr = typeof block.cidr === "string" ? parseCidr(block.cidr) : undefined;
  if (cidr === undefined || !cidr.ok) {
    if (cidr?.ipv6) {
      // The analyzer models IPv4 only: an IPv6 block matches none of its external ranges.
      warnings.push(`${where}: ${path}.cidr: IPv6 block ${String(block.cidr)} skipped; only IPv4 is analyzed`);
      return { type: "ipBlock", addresses: emptyIntervals };
    }
    problems.push(`${where}: ${path}.cidr: ${JSON.stringify(block.cidr)}; allowed: an IPv4 CIDR such as 10.0.0.0/8`);
    return undefined;
  }
  let excluded: IntervalList = emptyIntervals;
  const except = block.except ?? [];
  if (!Array.isArray(except)) {
    problems.push(`${where}: ${path}.except: expected a list of CIDRs, got ${JSON.stringify(except)}`);
    return undefined;
  }
  except.forEach((entry: unknown, index) => {
    const parsed = typeof entry === "string" ? parseCidr(entry) : undefined;
    if (parsed === undefined || !parsed.ok) {
      problems.push(`${where}: ${path}.except[${index}]: ${JSON.stringify(entry)}; allowed: an IPv4 CIDR inside ${String(block.cidr)}`);
      return;
    }
    excluded = unionIntervals(excluded, [parsed.first, parsed.last]);
  });
  return { type: "ipBlock", addresses: subtractIntervals([cidr.first, cidr.last], excluded) };
}

function parsePorts(raw: unknown, path: string, context: ParseContext): RulePort[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    context.problems.push(`${context.where}: ${path}: expected a list of ports, got ${JSON.stringify(raw)}`);
    return [];
  }
  return raw.flatMap((entry: unknown, index) => parsePort(record(entry), `${path}[${index}]`, context) ?? []);
}

function parsePort(entry: Record<string, unknown>, path: string, { where, problems }: ParseContext): RulePort | undefined {
  const protocol = (entry.protocol ?? "TCP") as Protocol;
  if (!protocols.includes(protocol)) {
    problems.push(`${where}: ${path}.protocol: ${JSON.stringify(entry.protocol)}; allowed: ${protocols.join(", ")}`);
    return undefined;
  }
  const { port, endPort } = entry;
  if (port === undefined || port === null) {
    if (endPort != null) problems.push(`${where}: ${path}.endPort: ${JSON.stringify(endPort)} needs a numeric port`);
    return { type: "all", protocol };
  }
  if (typeof port === "string") {
    if (/^\d+$/.test(port)) {
      problems.push(`${where}: ${path}.port: "${port}" is a string of digits; allowed: a number (${port}) or a port name`);
      return undefined;
    }
    if (endPort != null) {
      problems.push(`${where}: ${path}.endPort: ${JSON.stringify(endPort)} cannot follow the named port "${port}"; allowed: numeric port with endPort`);
      return undefined;
    }
    return { type: "named", protocol, name: port };
  }
  if (!isPortNumber(port)) {
    problems.push(`${where}: ${path}.port: ${JSON.stringify(port)}; allowed: an integer ${minPort}-${maxPort} or a port name`);
    return undefined;
  }
  if (endPort === undefined || endPort === null) return { type: "range", protocol, from: port, to: port };
  if (!isPortNumber(endPort) || endPort < port) {
    problems.push(`${where}: ${path}.endPort: ${JSON.stringify(endPort)}; allowed: an integer ${port}-${maxPort} (not below port)`);
    return undefined;
  }
  return { type: "range", protocol, from: port, to: endPort };
}

function isPortNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= minPort && value <= maxPort;
}
