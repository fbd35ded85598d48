/**
 * ValidatingAdmissionPolicies (Kubernetes' built-in CEL admission, GA since 1.30) that hold the TLS layer's promises
 * against whoever may write objects in the cluster, not only against this program:
 * - `ingress-snippet-annotations`: no Ingress carries an ingress-nginx snippet annotation except the exact ModSecurity
 *   snippets of ./ingress (the controller must allow snippet annotations for the WAF to block, see
 *   ingressControllerRequirements; without this policy that would let any Ingress author inject nginx configuration).
 * Each policy comes with its binding (`validationActions: [Deny]`); `failurePolicy: Fail`, so an expression that cannot
 * be evaluated refuses the request rather than letting it through.
 */
import { componentLabels } from "../../core/labels";
import type { Manifest } from "../../core/manifest";
import { MODSECURITY_SNIPPET_ANNOTATION, allowedModsecuritySnippets } from "./ingress";

const labels = componentLabels("certificates");

/** One CEL validation of a policy: the expression that must hold, and what the refusal says. */
export interface Validation {
  expression: string;
  message: string;
}

/** A CEL string literal of `value` (CEL's double-quoted escapes are JSON's). */
export function celString(value: string): string {
  return JSON.stringify(value);
}

/** A CEL list literal of strings. */
export function celList(values: readonly string[]): string {
  return `[${values.map(celString).join(", ")}]`;
}

/** A ValidatingAdmissionPolicy over CREATE and UPDATE of `resources`, and its Deny binding. */
function policyWithBinding(
  name: string,
  rules: Array<{ apiGroups: string[]; resources: string[] }>,
  validations: Validation[],
  matchConditions: Array<{ name: string; expression: string }> = [],
): Manifest[] {
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name, labels },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: {
          resourceRules: rules.map((r) => ({ apiGroups: r.apiGroups, apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: r.resources })),
        },
        ...(matchConditions.length > 0 ? { matchConditions } : {}),
        validations: validations.map((v) => ({ ...v, reason: "Forbidden" })),
      },
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name, labels },
      spec: { policyName: name, validationActions: ["Deny"] },
    },
  ];
}

/** Name of the policy refusing snippet annotations on Ingresses. */
export const INGRESS_SNIPPET_POLICY = "ingress-snippet-annotations";

/**
 * The policy refusing every ingress-nginx `*-snippet` annotation (raw nginx configuration: CVE-2021-25742) except
 * `modsecurity-snippet` with exactly one of the platform's values (the OWASP rule set and the engine mode).
 */
export function ingressSnippetPolicy(): Manifest[] {
  const annotations = "object.metadata.annotations";
  return policyWithBinding(
    INGRESS_SNIPPET_POLICY,
    [{ apiGroups: ["networking.k8s.io", "extensions"], resources: ["ingresses"] }],
    [
      {
        expression:
          `!has(object.metadata.annotations) || ${annotations}.all(k, !k.endsWith("-snippet") || ` +
          `(k == ${celString(MODSECURITY_SNIPPET_ANNOTATION)} && ${annotations}[k] in ${celList(allowedModsecuritySnippets())}))`,
        message:
          "snippet annotations inject raw nginx configuration (CVE-2021-25742); the only one allowed is modsecurity-snippet with the platform's WAF mode (see docs/tls.md)",
      },
    ],
  );
}
