// Istio objects that quietly open what mutual TLS and authorization-by-identity closed: an ALLOW policy whose rule
// matches every request, a DestinationRule that turns TLS off toward a service, and a pod that opts out of its
// namespace's sidecar (no mTLS, no authorization, plaintext to and from it).
import { z } from "zod";
import { fieldsOf, listOf, objectsOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces, matchesNamePattern, namePatterns } from "./config";
import { carriesPod, podOf } from "./containers";
import { isKind, type PolicyContext } from "./context";
import type { Fields, PolicyResource, PolicyRule, Violation } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

const ISTIO_SECURITY = "security.istio.io";
const ISTIO_NETWORKING = "networking.istio.io";

/** Values of a source field that match every peer. */
const EVERY_VALUE = new Set(["*", "0.0.0.0/0", "::/0"]);

/** Whether every source of a `from` entry matches any peer (only wildcard values, or nothing at all). */
function anySource(from: Fields): boolean {
  const source = fieldsOf(from.source);
  if (source === undefined) return true;
  return Object.entries(source).every(
    ([key, value]) => !key.startsWith("not") && listOf(value).length > 0 && listOf(value).every((v) => EVERY_VALUE.has(String(v))),
  );
}

const authzConfig = z.strictObject({
  allowed: namePatterns("AuthorizationPolicies (namespace/name, * as a wildcard) allowed to admit every request, e.g. a public health endpoint's."),
});

/** No ALLOW rule that matches every request. */
export const meshAuthorizationNoAllowAll: PolicyRule<z.infer<typeof authzConfig>> = {
  name: "mesh-authorization-no-allow-all",
  group: "mesh",
  description:
    "No Istio ALLOW AuthorizationPolicy has a rule that matches every request (`rules: [{}]`, or sources that are all wildcards with no to/when): it admits every caller, and authorization by service-account principal is gone for the workloads it selects.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: authzConfig,
  appliesTo: (resource) => isKind(resource, ISTIO_SECURITY, "AuthorizationPolicy"),
  check(resource, config) {
    if (matchesNamePattern(config.allowed, resource.ref.namespace, resource.ref.name)) return [];
    const spec = fieldsOf(resource.props.spec);
    if (spec === undefined || containsUnknown(spec)) return [];
    if ((spec.action ?? "ALLOW") !== "ALLOW" || spec.provider !== undefined) return [];
    const violations: Violation[] = [];
    listOf(spec.rules).forEach((item, index) => {
      const rule = fieldsOf(item) ?? {};
      const from = objectsOf(rule.from);
      if (listOf(rule.to).length > 0 || listOf(rule.when).length > 0) return;
      if (from.length > 0 && !from.some(anySource)) return;
      violations.push({
        path: `spec.rules[${index}]`,
        message: `spec.rules[${index}] matches every request: the policy admits any caller${spec.selector === undefined ? " to every workload of the namespace" : ""}`,
        fix: "name the callers (from.source.principals of their service accounts) and the ports or paths they may use",
      });
    });
    return violations;
  },
};

const tlsConfig = z.strictObject({
  exempt: namePatterns("DestinationRules (namespace/name, * as a wildcard) allowed to turn TLS off, e.g. toward a plaintext service outside the mesh."),
});

/** Where a DestinationRule sets TLS: the traffic policy, each port's, each subset's. */
function tlsSettings(spec: Fields): Array<{ path: string; tls: Fields | undefined }> {
  const found: Array<{ path: string; tls: Fields | undefined }> = [];
  const fromPolicy = (policy: Fields | undefined, path: string) => {
    if (policy === undefined) return;
    found.push({ path: `${path}.tls`, tls: fieldsOf(policy.tls) });
    listOf(policy.portLevelSettings).forEach((p, i) => found.push({ path: `${path}.portLevelSettings[${i}].tls`, tls: fieldsOf(fieldsOf(p)?.tls) }));
  };
  fromPolicy(fieldsOf(spec.trafficPolicy), "spec.trafficPolicy");
  listOf(spec.subsets).forEach((s, i) => fromPolicy(fieldsOf(fieldsOf(s)?.trafficPolicy), `spec.subsets[${i}].trafficPolicy`));
  return found;
}

/** No DestinationRule that disables TLS. */
export const meshDestinationRuleTls: PolicyRule<z.infer<typeof tlsConfig>> = {
  name: "mesh-destination-rule-tls",
  group: "mesh",
  description:
    "No Istio DestinationRule sets tls.mode DISABLE (for the host, a port or a subset): sidecars would send plaintext where the mesh sends mutual TLS, and the server cannot authenticate the caller.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: tlsConfig,
  appliesTo: (resource) => isKind(resource, ISTIO_NETWORKING, "DestinationRule"),
  check(resource, config) {
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    const spec = fieldsOf(resource.props.spec);
    if (spec === undefined) return [];
    const host = typeof spec.host === "string" ? spec.host : "its host";
    return tlsSettings(spec)
      .filter(({ tls }) => tls?.mode === "DISABLE")
      .map(({ path }) => ({
        path: `${path}.mode`,
        message: `TLS is disabled toward ${host}: sidecars send plaintext`,
        fix: "set tls.mode: ISTIO_MUTUAL (SIMPLE or MUTUAL for a service outside the mesh)",
      }));
  },
};

const injectionConfig = z.strictObject({
  meshNamespaces: z
    .array(z.string().min(1))
    .default([])
    .describe("Namespaces in the mesh besides those the set declares with istio-injection=enabled or istio.io/rev."),
  exempt: namePatterns("Workloads (namespace/name, * as a wildcard) allowed to opt out of the sidecar, e.g. a job that must finish."),
  exemptNamespaces,
});

/** Whether a namespace injects sidecars: configured, or declared with the injection label or a revision. */
function injects(namespace: string, meshNamespaces: readonly string[], context: PolicyContext): boolean | "unknown" {
  if (meshNamespaces.includes(namespace)) return true;
  const declared = context.namespaces.get(namespace);
  if (declared === undefined) return false;
  if (declared.labelsUnknown) return "unknown";
  const labels = declared.labels ?? {};
  if (isUnknown(labels["istio-injection"]) || isUnknown(labels["istio.io/rev"])) return "unknown";
  return labels["istio-injection"] === "enabled" || (typeof labels["istio.io/rev"] === "string" && labels["istio-injection"] !== "disabled");
}

/** No opting out of the sidecar in a meshed namespace. */
export const meshSidecarInjection: PolicyRule<z.infer<typeof injectionConfig>> = {
  name: "mesh-sidecar-injection",
  group: "mesh",
  description:
    'No pod in a namespace that injects Istio sidecars opts out (sidecar.istio.io/inject: "false" as a label or annotation): without its sidecar it sends and accepts plaintext, and the mesh\'s authorization policies do not apply to it.',
  enforcementLevel: "mandatory",
  scope: "stack",
  config: injectionConfig,
  appliesTo: carriesPod,
  check(resource: PolicyResource, config, context) {
    const pod = podOf(resource);
    const namespace = resource.ref.namespace;
    if (pod === undefined || namespace === null || config.exemptNamespaces.includes(namespace)) return [];
    if (matchesNamePattern(config.exempt, namespace, resource.ref.name) || injects(namespace, config.meshNamespaces, context) !== true) return [];
    const violations: Violation[] = [];
    for (const field of ["labels", "annotations"] as const) {
      const value = fieldsOf(pod.metadata?.[field])?.["sidecar.istio.io/inject"];
      if (value !== "false") continue;
      violations.push({
        path: `${pod.metadataPath}.${field}["sidecar.istio.io/inject"]`,
        message: `the pod opts out of the sidecar of mesh namespace "${namespace}": plaintext, and no mesh authorization`,
        fix: 'remove sidecar.istio.io/inject: "false" (for a job, let the sidecar exit with the job: native sidecars or ISTIO_QUIT_API)',
      });
    }
    return violations;
  },
};

/** The Istio traffic and injection rules of the mesh group. */
export const meshPolicyRules: readonly PolicyRule[] = [meshAuthorizationNoAllowAll, meshDestinationRuleTls, meshSidecarInjection] as PolicyRule[];
