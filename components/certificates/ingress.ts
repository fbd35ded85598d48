/**
 * The public Ingress to the edge service (ingress-nginx): TLS on every host, forced HTTPS, HSTS and other
 * security headers, TLS 1.2+ with strong ciphers, the ModSecurity WAF with the OWASP core rule set (blocking unless
 * configured to detect only), and request size and rate limits.
 *
 * ModSecurity's shipped configuration is `SecRuleEngine DetectionOnly`: it logs attacks and lets them through. The one
 * per-Ingress way to turn blocking on is the `modsecurity-snippet` annotation, which the controller only accepts with
 * snippet annotations allowed (`allow-snippet-annotations`, `annotations-risk-level: Critical`). Allowing them would
 * let anyone who may write an Ingress inject nginx configuration, so the ValidatingAdmissionPolicy of
 * ./admission-policies refuses every snippet annotation except this exact ModSecurity snippet.
 */
import { componentLabels } from "../../core/labels";
import { STRONG_TLS12_CIPHERS } from "./ciphers";

const labels = componentLabels("certificates");
const A = "nginx.ingress.kubernetes.io";

/** What the Ingress needs. */
export interface PublicIngressInput {
  /** Name of the Ingress (`tls.ingress.name`). */
  name: string;
  /** Edge service the Ingress routes to: its name, namespace and the port name used. */
  service: { name: string; namespace: string; port: string };
  /** Hosts served; each gets TLS. */
  hosts: string[];
  /** IngressClass of the ingress-nginx controller. */
  className: string;
  /** Secret (in the service's namespace) with the certificate covering every host. */
  tlsSecret: string;
  /** Largest request body (nginx size). */
  maxBodySize: string;
  /** Requests per second per client address. */
  rateLimitRps: number;
  /** Concurrent connections per client address. */
  rateLimitConnections: number;
  /** HSTS max-age in seconds. */
  hstsMaxAgeSeconds: number;
  /** Add `preload` to HSTS. */
  hstsPreload: boolean;
  /** ModSecurity with the OWASP core rule set. */
  waf: boolean;
  /** `blocking`: requests the rules match are refused (403); `detection-only`: they are only logged. */
  wafMode: WafMode;
}

/** What ModSecurity does with a request its rules match (`tls.ingress.wafMode`). */
export type WafMode = "blocking" | "detection-only";

/** The OWASP core rule set as the ingress-nginx image ships it (its setup and every rule file). */
export const OWASP_CRS_INCLUDE = "/etc/nginx/owasp-modsecurity-crs/nginx-modsecurity.conf";

/** The `modsecurity-snippet` annotation key. */
export const MODSECURITY_SNIPPET_ANNOTATION = `${A}/modsecurity-snippet`;

/**
 * The ModSecurity rules of the Ingress: the OWASP core rule set, then the engine mode. With a snippet the controller
 * no longer loads the rule set for `enable-owasp-core-rules`, so the snippet includes it; the engine directive comes
 * last so that nothing the included files set can switch blocking off again.
 */
export function modsecuritySnippet(mode: WafMode): string {
  return [`Include ${OWASP_CRS_INCLUDE}`, `SecRuleEngine ${mode === "blocking" ? "On" : "DetectionOnly"}`, ""].join("\n");
}

/** Every snippet the platform's Ingresses may carry: the admission policy accepts these values and nothing else. */
export function allowedModsecuritySnippets(): string[] {
  return [modsecuritySnippet("blocking"), modsecuritySnippet("detection-only")];
}

/** Name of the ConfigMap of response headers the Ingress adds. */
export function securityHeadersName(service: { name: string }): string {
  return `${service.name}-security-headers`;
}

/** The HSTS header value: every subdomain included (the api host has none that may stay on plain HTTP). */
export function hstsValue(maxAgeSeconds: number, preload: boolean): string {
  return `max-age=${maxAgeSeconds}; includeSubDomains${preload ? "; preload" : ""}`;
}

/** Response headers every answer of the public API carries. */
export function securityHeaders(input: Pick<PublicIngressInput, "hstsMaxAgeSeconds" | "hstsPreload">): Record<string, string> {
  return {
    "Strict-Transport-Security": hstsValue(input.hstsMaxAgeSeconds, input.hstsPreload),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
  };
}

/**
 * The ConfigMap the `custom-headers` annotation points to. The controller adds only headers listed in its
 * `global-allowed-response-headers`; see {@link ingressControllerRequirements}.
 */
export function securityHeadersConfigMapManifest(
  input: { service: { name: string; namespace: string } } & Pick<PublicIngressInput, "hstsMaxAgeSeconds" | "hstsPreload">,
) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: securityHeadersName(input.service), namespace: input.service.namespace, labels },
    data: securityHeaders(input),
  };
}

/** The ingress-nginx annotations of the public Ingress. */
export function publicIngressAnnotations(input: PublicIngressInput): Record<string, string> {
  const annotations: Record<string, string> = {
    // HTTPS only: plain HTTP is redirected, also when TLS ends at a load balancer in front of the controller.
    [`${A}/ssl-redirect`]: "true",
    [`${A}/force-ssl-redirect`]: "true",
    // HSTS and the other security headers, from the ConfigMap next to the Ingress.
    [`${A}/custom-headers`]: `${input.service.namespace}/${securityHeadersName(input.service)}`,
    // TLS 1.2+ with strong ciphers: only ECDHE + AEAD suites, which no protocol older than TLS 1.2 has.
    [`${A}/ssl-ciphers`]: STRONG_TLS12_CIPHERS.join(":"),
    [`${A}/ssl-prefer-server-ciphers`]: "true",
    // Request size and rate limits per client address.
    [`${A}/proxy-body-size`]: input.maxBodySize,
    [`${A}/limit-rps`]: String(input.rateLimitRps),
    [`${A}/limit-connections`]: String(input.rateLimitConnections),
  };
  if (input.waf) {
    annotations[`${A}/enable-modsecurity`] = "true";
    // The OWASP core rule set and `SecRuleEngine On` (or DetectionOnly when configured), per Ingress.
    annotations[MODSECURITY_SNIPPET_ANNOTATION] = modsecuritySnippet(input.wafMode);
  }
  return annotations;
}

/** The public Ingress: one rule and one TLS entry per host, all to the edge service. */
export function publicIngressManifest(input: PublicIngressInput) {
  const backend = { service: { name: input.service.name, port: { name: input.service.port } } };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: input.name, namespace: input.service.namespace, labels, annotations: publicIngressAnnotations(input) },
    spec: {
      ingressClassName: input.className,
      tls: [{ hosts: input.hosts, secretName: input.tlsSecret }],
      rules: input.hosts.map((host) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend }] } })),
    },
  };
}

/**
 * What the ingress-nginx controller (installed outside this program) must be configured with for the Ingress to
 * take full effect: controller-wide ConfigMap keys that no Ingress annotation can set. Documented in the README.
 */
export function ingressControllerRequirements(headers: string[]): Record<string, string> {
  return {
    // No per-Ingress setting exists; the cipher list already excludes older protocols, this makes it explicit.
    "ssl-protocols": "TLSv1.2 TLSv1.3",
    // custom-headers only adds headers the controller allows.
    "global-allowed-response-headers": headers.join(","),
    // The Ingress's modsecurity-snippet (blocking mode) is a snippet annotation, risk level Critical: the controller
    // ignores it unless both allow it. The platform's admission policy then refuses every other snippet annotation.
    "allow-snippet-annotations": "true",
    "annotations-risk-level": "Critical",
  };
}
