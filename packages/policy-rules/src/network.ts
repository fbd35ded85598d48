// The network group: every namespace the stack declares isolates its pods by default (a policy that selects every
// pod and allows nothing, for ingress and egress), Services are reachable from outside the cluster only where the
// configuration allows it, and every Ingress serves its hosts over TLS.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces, matchesNamePattern, namePatterns } from "./config";
import { isKind } from "./context";
import { networkPolicyRules } from "./network-policies";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

type Direction = "Ingress" | "Egress";

/**
 * Which directions a NetworkPolicy denies to every pod of its namespace: it selects all pods (empty podSelector),
 * the direction is among its policyTypes (Ingress by default, Egress when it has egress rules) and it has no rule
 * for that direction. Undefined when the policy holds unknown values (cannot tell).
 */
export function deniedDirections(policy: PolicyResource): Set<Direction> | undefined {
  if (isUnknown(policy.props.spec)) return undefined;
  const spec = fieldsOf(policy.props.spec);
  if (spec === undefined) return new Set();
  if (containsUnknown(spec)) return undefined;
  const selector = fieldsOf(spec.podSelector);
  const selectsAll = selector !== undefined && listOf(selector.matchExpressions).length === 0 && Object.keys(fieldsOf(selector.matchLabels) ?? {}).length === 0;
  if (!selectsAll) return new Set();
  const types = Array.isArray(spec.policyTypes) ? (spec.policyTypes as unknown[]) : ["Ingress", ...(listOf(spec.egress).length > 0 ? ["Egress"] : [])];
  const denied = new Set<Direction>();
  if (types.includes("Ingress") && listOf(spec.ingress).length === 0) denied.add("Ingress");
  if (types.includes("Egress") && listOf(spec.egress).length === 0) denied.add("Egress");
  return denied;
}

const defaultDenyConfig = z.strictObject({ exemptNamespaces });

/** A default-deny policy in every declared namespace (a stack policy: it reads the NetworkPolicies of the set). */
export const namespaceDefaultDeny: PolicyRule<z.infer<typeof defaultDenyConfig>> = {
  name: "namespace-default-deny",
  group: "network",
  description:
    "Every namespace the stack declares has a NetworkPolicy that selects all pods and allows nothing, for Ingress and Egress, so that only the flows allowed by name exist.",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: defaultDenyConfig,
  appliesTo: (resource) => isKind(resource, "", "Namespace"),
  check(resource, config, context) {
    const name = resource.ref.name;
    if (config.exemptNamespaces.includes(name) || isUnknown(fieldsOf(resource.props.metadata)?.name)) return [];
    const covered = new Set<Direction>();
    let undecidable = false;
    for (const policy of context.networkPoliciesIn(name)) {
      const denied = deniedDirections(policy);
      if (denied === undefined) undecidable = true;
      else for (const d of denied) covered.add(d);
    }
    const missing = (["Ingress", "Egress"] as const).filter((d) => !covered.has(d));
    if (missing.length === 0 || undecidable) return [];
    return [
      {
        path: "",
        message: `namespace "${name}" has no default-deny NetworkPolicy for ${missing.join(" and ")}`,
        fix: `add a NetworkPolicy in "${name}" with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow each flow by name`,
      },
    ];
  },
};

const serviceTypeConfig = z.strictObject({
  allowed: namePatterns(
    "Services (namespace/name, * as a wildcard) allowed to be of type NodePort or LoadBalancer, e.g. ingress-nginx/ingress-nginx-controller.",
  ),
});

const EXPOSED_TYPES = ["NodePort", "LoadBalancer"];

/** NodePort and LoadBalancer Services only where allowed. */
export const serviceTypeAllowed: PolicyRule<z.infer<typeof serviceTypeConfig>> = {
  name: "service-type-allowed",
  group: "network",
  description:
    "Services of type NodePort or LoadBalancer, which are reachable from outside the cluster, exist only where the configuration allows them; everything else goes through the ingress.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: serviceTypeConfig,
  appliesTo: (resource) => isKind(resource, "", "Service"),
  check(resource, config) {
    const type = fieldsOf(resource.props.spec)?.type;
    if (typeof type !== "string" || !EXPOSED_TYPES.includes(type)) return [];
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    return [
      {
        path: "spec.type",
        message: `Service of type ${type} exposes its pods outside the cluster`,
        fix: `use type ClusterIP behind the ingress, or add "${resource.ref.namespace ?? "*"}/${resource.ref.name}" to the rule's allowed list`,
      },
    ];
  },
};

/** Whether a TLS host entry covers a rule's host (`*.example.com` covers one label). */
export function tlsHostCovers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith("*.")) return false;
  const suffix = tlsHost.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".") && host.length > suffix.length;
}

const ingressConfig = z.strictObject({
  exempt: namePatterns("Ingresses (namespace/name) allowed to serve plain HTTP, e.g. an ACME HTTP-01 solver."),
});

/** TLS on every Ingress host. */
export const ingressTls: PolicyRule<z.infer<typeof ingressConfig>> = {
  name: "ingress-tls",
  group: "network",
  description: "Every Ingress terminates TLS for every host it routes (spec.tls covers each rule's host), so no route is served over plain HTTP.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: ingressConfig,
  appliesTo: (resource) => isKind(resource, "networking.k8s.io", "Ingress") || isKind(resource, "extensions", "Ingress"),
  check(resource, config) {
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    const spec = fieldsOf(resource.props.spec);
    if (spec === undefined || isUnknown(spec.tls)) return [];
    const tls = listOf(spec.tls).map(fieldsOf);
    if (tls.length === 0) {
      return [
        {
          path: "spec.tls",
          message: "the Ingress has no TLS section: it serves plain HTTP",
          fix: "add spec.tls with the hosts and the secret of a certificate (cert-manager annotation or Certificate)",
        },
      ];
    }
    if (tls.some((entry) => entry === undefined || containsUnknown(entry))) return [];
    // A TLS entry without hosts applies to every host the controller serves.
    if (tls.some((entry) => !Array.isArray(entry?.hosts) || entry.hosts.length === 0)) return [];
    const tlsHosts = tls.flatMap((entry) => listOf(entry?.hosts)).filter((h): h is string => typeof h === "string");
    const violations: Violation[] = [];
    listOf(spec.rules).forEach((item, index) => {
      const host = fieldsOf(item)?.host;
      if (typeof host !== "string" || isUnknown(host) || tlsHosts.some((t) => tlsHostCovers(t, host))) return;
      violations.push({
        path: `spec.rules[${index}].host`,
        message: `host "${host}" is not covered by spec.tls`,
        fix: `add "${host}" to the hosts of a spec.tls entry`,
      });
    });
    return violations;
  },
};

const externalIpsConfig = z.strictObject({
  allowed: namePatterns("Services (namespace/name, * as a wildcard) allowed to set externalIPs."),
});

/** No externalIPs. */
export const serviceNoExternalIps: PolicyRule<z.infer<typeof externalIpsConfig>> = {
  name: "service-no-external-ips",
  group: "network",
  description:
    "Services set no spec.externalIPs: whoever may create a Service can claim any address, and the cluster then sends traffic meant for that address to its pods (CVE-2020-8554).",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: externalIpsConfig,
  appliesTo: (resource) => isKind(resource, "", "Service"),
  check(resource, config) {
    const ips = fieldsOf(resource.props.spec)?.externalIPs;
    if (isUnknown(ips) || listOf(ips).length === 0) return [];
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    return [
      {
        path: "spec.externalIPs",
        message: `Service claims external IPs ${listOf(ips).map(String).join(", ")}: traffic to those addresses is intercepted by its pods (CVE-2020-8554)`,
        fix: "remove spec.externalIPs; expose the Service through the ingress or a LoadBalancer (and deny externalIPs at admission)",
      },
    ];
  },
};

/** Annotations that keep a cloud load balancer on the internal network. */
const INTERNAL_LOAD_BALANCER: ReadonlyArray<[string, RegExp]> = [
  ["service.beta.kubernetes.io/aws-load-balancer-internal", /^(true|0\.0\.0\.0\/0)$/],
  ["service.beta.kubernetes.io/aws-load-balancer-scheme", /^internal$/],
  ["service.beta.kubernetes.io/azure-load-balancer-internal", /^true$/],
  ["networking.gke.io/load-balancer-type", /^Internal$/],
  ["cloud.google.com/load-balancer-type", /^Internal$/],
];
const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";
const EVERYWHERE = new Set(["0.0.0.0/0", "::/0"]);

const sourceRangesConfig = z.strictObject({
  publicServices: namePatterns(
    "LoadBalancer Services (namespace/name, * as a wildcard) meant to be reachable from the whole internet, e.g. the public ingress controller.",
  ),
});

/** LoadBalancers restrict their sources. */
export const serviceLoadBalancerSourceRanges: PolicyRule<z.infer<typeof sourceRangesConfig>> = {
  name: "service-load-balancer-source-ranges",
  group: "network",
  description:
    "A LoadBalancer Service is internal, or restricts its clients with loadBalancerSourceRanges (not 0.0.0.0/0), unless the configuration lists it as public: otherwise the whole internet reaches it.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: sourceRangesConfig,
  appliesTo: (resource) => isKind(resource, "", "Service"),
  check(resource, config) {
    const spec = fieldsOf(resource.props.spec);
    if (spec?.type !== "LoadBalancer") return [];
    if (matchesNamePattern(config.publicServices, resource.ref.namespace, resource.ref.name)) return [];
    const annotations = fieldsOf(fieldsOf(resource.props.metadata)?.annotations) ?? {};
    if (isUnknown(annotations) || INTERNAL_LOAD_BALANCER.some(([key, value]) => typeof annotations[key] === "string" && value.test(annotations[key] as string)))
      return [];
    const fromSpec = listOf(spec.loadBalancerSourceRanges);
    const fromAnnotation = typeof annotations[SOURCE_RANGES_ANNOTATION] === "string" ? (annotations[SOURCE_RANGES_ANNOTATION] as string).split(",") : [];
    if (isUnknown(spec.loadBalancerSourceRanges) || fromSpec.some(isUnknown)) return [];
    const ranges = [...fromSpec, ...fromAnnotation].map((r) => String(r).trim()).filter(Boolean);
    if (ranges.length > 0 && !ranges.some((r) => EVERYWHERE.has(r))) return [];
    return [
      {
        path: "spec.loadBalancerSourceRanges",
        message: `LoadBalancer Service is reachable from ${ranges.length === 0 ? "every address (no loadBalancerSourceRanges)" : ranges.join(", ")}`,
        fix: `set spec.loadBalancerSourceRanges to the client CIDRs, make the load balancer internal, or list "${resource.ref.namespace ?? "*"}/${resource.ref.name}" in publicServices`,
      },
    ];
  },
};

/** ingress-nginx annotations that weaken TLS or inject configuration. */
const NGINX = "nginx.ingress.kubernetes.io/";
const WEAK_PROTOCOLS = /\b(SSLv2|SSLv3|TLSv1(\.[01])?)(?![.\d])/g;

/**
 * A line of a `modsecurity-snippet` that only sets the WAF's mode: the engine switched on (or to detection only) and
 * the OWASP core rule set the controller image ships. A snippet made of these lines alone is what per-Ingress blocking
 * needs (ModSecurity's shipped mode is DetectionOnly) and writes nothing of nginx's configuration.
 */
const WAF_MODE_LINE = /^(SecRuleEngine (On|DetectionOnly)|Include \/etc\/nginx\/owasp-modsecurity-crs\/nginx-modsecurity\.conf)$/;

/** Whether a modsecurity-snippet only switches the engine on (or to detection) and loads the OWASP core rule set. */
export function onlySetsWafMode(snippet: string): boolean {
  const lines = snippet
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines.length > 0 && lines.every((l) => WAF_MODE_LINE.test(l));
}

const ingressAnnotationsConfig = z.strictObject({
  exempt: namePatterns("Ingresses (namespace/name, * as a wildcard) allowed these annotations."),
});

/** No TLS downgrades and no configuration snippets on ingress-nginx Ingresses. */
export const ingressNginxAnnotations: PolicyRule<z.infer<typeof ingressAnnotationsConfig>> = {
  name: "ingress-nginx-annotations",
  group: "network",
  description:
    "Ingresses carry no ingress-nginx annotation that weakens TLS (ssl-redirect: false, ssl-protocols with SSLv3, TLSv1 or TLSv1.1) or injects raw nginx configuration (*-snippet: CVE-2021-25742, read any Secret through the controller); the one snippet accepted is a modsecurity-snippet that only sets the engine mode (SecRuleEngine On or DetectionOnly) and includes the OWASP core rule set.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: ingressAnnotationsConfig,
  appliesTo: (resource) => isKind(resource, "networking.k8s.io", "Ingress") || isKind(resource, "extensions", "Ingress"),
  check(resource, config) {
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    const annotations = fieldsOf(fieldsOf(resource.props.metadata)?.annotations);
    if (annotations === undefined) return [];
    const violations: Violation[] = [];
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(NGINX) || typeof value !== "string" || isUnknown(value)) continue;
      const path = `metadata.annotations["${key}"]`;
      const name = key.slice(NGINX.length);
      if (name === "ssl-redirect" && value.trim().toLowerCase() === "false") {
        violations.push({
          path,
          message: "ssl-redirect is off: the hosts are also served over plain HTTP",
          fix: "remove the annotation (ingress-nginx redirects to HTTPS by default)",
        });
      } else if (name === "ssl-protocols") {
        const weak = [...new Set(value.match(WEAK_PROTOCOLS) ?? [])];
        if (weak.length > 0) {
          violations.push({
            path,
            message: `ssl-protocols allows ${weak.join(", ")}, which are broken or deprecated`,
            fix: 'allow only "TLSv1.2 TLSv1.3" (or remove the annotation)',
          });
        }
      } else if (name.endsWith("-snippet") && !(name === "modsecurity-snippet" && onlySetsWafMode(value))) {
        violations.push({
          path,
          message: `${name} injects raw nginx configuration, which can read the controller's credentials and every Secret (CVE-2021-25742)`,
          fix: "remove the snippet; use the dedicated annotations, and keep allow-snippet-annotations off in the controller",
        });
      }
    }
    return violations;
  },
};

/** The rules of the network group. */
export const networkRules: readonly PolicyRule[] = [
  namespaceDefaultDeny,
  ...networkPolicyRules,
  serviceTypeAllowed,
  serviceNoExternalIps,
  serviceLoadBalancerSourceRanges,
  ingressTls,
  ingressNginxAnnotations,
] as PolicyRule[];
