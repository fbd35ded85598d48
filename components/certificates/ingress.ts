/**
 * The public Ingress to the edge service (ingress-nginx): TLS on every host, forced HTTPS, HSTS and other
 * security headers, TLS 1.2+ with strong ciphers, the ModSecurity WAF with the OWASP core rule set, and request
 * size and rate limits. Only annotations that the controller's default `annotations-risk-level` (High) accepts
 * are used; snippets are never used (they are the ingress-nginx injection risk and off by default).
 */
import { componentLabels } from "../../core/labels";
import { STRONG_TLS12_CIPHERS } from "./ciphers";

const labels = componentLabels("certificates");
const A = "nginx.ingress.kubernetes.io";

/** What the Ingress needs. */
export interface PublicIngressInput {
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
    annotations[`${A}/enable-owasp-core-rules`] = "true";
  }
  return annotations;
}

/** The public Ingress: one rule and one TLS entry per host, all to the edge service. */
export function publicIngressManifest(input: PublicIngressInput) {
  const backend = { service: { name: input.service.name, port: { name: input.service.port } } };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: input.service.name, namespace: input.service.namespace, labels, annotations: publicIngressAnnotations(input) },
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
    // The ModSecurity default is DetectionOnly; blocking is a controller-wide setting (the snippet annotation is
    // refused at the default risk level).
    "modsecurity-snippet": "SecRuleEngine On",
  };
}
