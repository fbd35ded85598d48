/**
 * ValidatingAdmissionPolicies (Kubernetes' built-in CEL admission, GA since 1.30) that hold the TLS layer's promises
 * against whoever may write objects in the cluster, not only against this program:
 * - `ingress-snippet-annotations`: no Ingress carries an ingress-nginx snippet annotation except the exact ModSecurity
 *   snippets of ./ingress (the controller must allow snippet annotations for the WAF to block, see
 *   ingressControllerRequirements; without this policy that would let any Ingress author inject nginx configuration).
 * - `internal-ca-own-names`: a Certificate from the internal CA's Issuer names only its own namespace's identities (DNS
 *   names under `<namespace>` / `<namespace>.svc`, SPIFFE IDs of the namespace's service accounts), is no CA and carries
 *   no IP, email, other name or literal subject;
 * - `internal-ca-requests`: a CertificateRequest for that Issuer (whose CSR CEL cannot read) comes only from
 *   cert-manager's controller, that is from such a Certificate;
 * - `internal-ca-issuers`: no other issuer signs with the intermediate's Secret.
 * Each policy comes with its binding (`validationActions: [Deny]`); `failurePolicy: Fail`, so an expression that cannot
 * be evaluated refuses the request rather than letting it through.
 */
import { componentLabels } from "../../core/labels";
import type { Manifest } from "../../core/manifest";
import { INTERNAL_CA_ISSUER } from "../../core/internal-ca";
import { MODSECURITY_SNIPPET_ANNOTATION, allowedModsecuritySnippets } from "./ingress";
import { INTERNAL_CA_SECRET } from "./names";

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

/** What the internal CA's policies are derived from. */
export interface InternalCaPolicyInput {
  /** The mesh trust domain: the host of every SPIFFE ID. */
  trustDomain: string;
  /** The cluster's DNS domain (`<svc>.<ns>.svc.<clusterDomain>`). */
  clusterDomain: string;
  /** The user cert-manager's controller authenticates as (`system:serviceaccount:<ns>:<sa>`). */
  certManagerUser: string;
}

/** Names of the internal CA's policies. */
export const INTERNAL_CA_POLICIES = {
  ownNames: "internal-ca-own-names",
  requests: "internal-ca-requests",
  issuers: "internal-ca-issuers",
} as const;

/**
 * A regular expression matching a DNS-style name literally: its dots as `[.]`, so no backslash has to survive two
 * layers of escaping (TypeScript, then CEL); any other character a regex would read specially is refused.
 */
function literalRegex(name: string): string {
  if (!/^[A-Za-z0-9.-]+$/.test(name)) throw new Error(`"${name}" is not a DNS-style name`);
  return name.replace(/\./g, "[.]");
}

/** The matchCondition selecting objects whose issuerRef is the internal CA's namespaced Issuer (kind defaults to Issuer). */
const issuedByInternalCa = {
  name: "issued-by-internal-ca",
  expression:
    `object.spec.issuerRef.name == ${celString(INTERNAL_CA_ISSUER)} && ` +
    `(!has(object.spec.issuerRef.kind) || object.spec.issuerRef.kind == "" || object.spec.issuerRef.kind == "Issuer") && ` +
    `(!has(object.spec.issuerRef.group) || object.spec.issuerRef.group == "" || object.spec.issuerRef.group == "cert-manager.io")`,
};

/**
 * The CEL of "this DNS name belongs to the object's namespace": `<label>.<ns>`, or anything under `<ns>.svc` or
 * `<ns>.svc.<clusterDomain>` (wildcards included). A bare single label is every namespace's name, so it is refused.
 */
function namespacedDnsName(variable: string, clusterDomain: string): string {
  const ns = "object.metadata.namespace";
  return (
    `(${variable}.endsWith("." + ${ns} + ".svc") || ${variable}.endsWith("." + ${ns} + ".svc." + ${celString(clusterDomain)}) || ` +
    `${variable}.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?[.]" + ${ns} + "$"))`
  );
}

/** The internal CA's three policies and their bindings. */
export function internalCaPolicies(i: InternalCaPolicyInput): Manifest[] {
  const spec = "object.spec";
  const spiffe = `${celString(`^spiffe://${literalRegex(i.trustDomain)}/ns/`)} + object.metadata.namespace + "/sa/[a-z0-9]([-a-z0-9]*[a-z0-9])?$"`;
  return [
    ...policyWithBinding(
      INTERNAL_CA_POLICIES.ownNames,
      [{ apiGroups: ["cert-manager.io"], resources: ["certificates"] }],
      [
        {
          expression: `!has(${spec}.dnsNames) || ${spec}.dnsNames.all(n, ${namespacedDnsName("n", i.clusterDomain)})`,
          message: `an internal-CA certificate may name only its own namespace's services: <name>.<namespace>, *.<namespace>.svc or *.<namespace>.svc.${i.clusterDomain}`,
        },
        {
          expression: `!has(${spec}.commonName) || ${namespacedDnsName(`${spec}.commonName`, i.clusterDomain)}`,
          message: "an internal-CA certificate's commonName must be one of its own namespace's DNS names",
        },
        {
          expression: `!has(${spec}.uris) || ${spec}.uris.all(u, u.matches(${spiffe}))`,
          message: `an internal-CA certificate may name only its own namespace's workloads: spiffe://${i.trustDomain}/ns/<namespace>/sa/<service account>`,
        },
        {
          expression: `!has(${spec}.isCA) || !${spec}.isCA`,
          message: "the internal CA's Issuers sign no CA certificate",
        },
        {
          expression: `!has(${spec}.ipAddresses) && !has(${spec}.emailAddresses) && !has(${spec}.otherNames) && !has(${spec}.literalSubject)`,
          message: "an internal-CA certificate carries no IP address, email address, other name or literal subject",
        },
      ],
      [issuedByInternalCa],
    ),
    ...policyWithBinding(
      INTERNAL_CA_POLICIES.requests,
      [{ apiGroups: ["cert-manager.io"], resources: ["certificaterequests"] }],
      [
        {
          expression: `request.userInfo.username == ${celString(i.certManagerUser)}`,
          message: "CertificateRequests for the internal CA come only from cert-manager (write a Certificate: its names are checked, a CSR's cannot be)",
        },
      ],
      [issuedByInternalCa],
    ),
    ...policyWithBinding(
      INTERNAL_CA_POLICIES.issuers,
      [{ apiGroups: ["cert-manager.io"], resources: ["issuers", "clusterissuers"] }],
      [
        {
          expression:
            `!has(object.spec.ca) || object.spec.ca.secretName != ${celString(INTERNAL_CA_SECRET)} || ` +
            `(object.kind == "Issuer" && object.metadata.name == ${celString(INTERNAL_CA_ISSUER)})`,
          message: `only the Issuer ${INTERNAL_CA_ISSUER} signs with the internal CA's Secret ${INTERNAL_CA_SECRET}`,
        },
      ],
    ),
  ];
}
