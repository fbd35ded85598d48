/** Facts derived from the configuration that several components need; pure. */
import type { StackConfig } from "../platform/config/parse";

type Config = Pick<StackConfig, "catalog" | "podSecurity">;

/** The namespaces the catalog's services run in, in catalog order. */
export function catalogNamespaces(c: Pick<StackConfig, "catalog">): string[] {
  return [...new Set(c.catalog.map((s) => s.namespace))];
}

/** The Pod Security level a namespace this stack declares is enforced at, and why when below restricted. */
export function podSecurityOf(c: Config, namespace: string): { level: "privileged" | "baseline" | "restricted"; reason?: string; version: string } {
  const entry = c.podSecurity.namespaces[namespace];
  return { level: entry?.level ?? c.podSecurity.defaultLevel, reason: entry?.reason, version: c.podSecurity.version };
}

/** The ACME issuer public certificates use on this stack. */
export function publicIssuerOf(c: Pick<StackConfig, "tls" | "environment">): "letsencrypt-prod" | "letsencrypt-staging" {
  return c.tls?.publicIssuer ?? (c.environment === "production" ? "letsencrypt-prod" : "letsencrypt-staging");
}
