/**
 * The stack's own registry (Harbor, components/registry) as other concerns see it: its credentials' Secret, which the
 * secrets concern syncs into Harbor's namespace from the backend like every other credential (components/secrets,
 * delivery-plan.ts), and the keys Harbor reads from it through its chart's `existingSecret*` values. The `registry`
 * section belongs to components/registry; other concerns read these facts only through here.
 */
import { installsRelease, type ChartsConfig } from "./config/charts";
import type { Capabilities } from "./config/platform";

/**
 * The keys of the credentials Secret, each read by Harbor through an `existingSecret*` value (registry-values.ts):
 * the admin's first password, the encryption key of stored credentials (16 characters), the core's and job service's
 * shared secrets, the CSRF key (32 characters), the registry's HTTP secret, and its basic-auth user's password with
 * the matching bcrypt htpasswd line.
 */
export const HARBOR_CREDENTIAL_KEYS = [
  "HARBOR_ADMIN_PASSWORD",
  "secretKey",
  "secret",
  "CSRF_KEY",
  "JOBSERVICE_SECRET",
  "REGISTRY_HTTP_SECRET",
  "REGISTRY_PASSWD",
  "REGISTRY_HTPASSWD",
] as const;

/** Whether a stack hosts its own registry: `features.registry` with its section and the Harbor release installed. */
export interface HostedRegistryInput {
  features: Readonly<Record<string, boolean>>;
  capabilities: Pick<Capabilities, "helm">;
  charts: ChartsConfig;
  /** The `registry` section (its namespace and credentials Secret are read). */
  registry?: { namespace: string; credentialsSecret: string; credentialsBackend?: "vault" | "aws" };
}

/** The credentials Secret of the hosted registry: where it goes and what it holds. */
export interface HostedRegistryCredentials {
  /** Name of the Secret and of its remote document (`registry.credentialsSecret`). */
  name: string;
  /** Harbor's namespace. */
  namespace: string;
  /** The keys copied from the remote document, sorted. */
  properties: string[];
  /** Its backend (`registry.credentialsBackend`); the default backend when undefined. */
  backend?: "vault" | "aws";
}

/** The hosted registry's credentials Secret, or undefined when the stack hosts no registry. */
export function hostedRegistryCredentials(c: HostedRegistryInput): HostedRegistryCredentials | undefined {
  const registry = c.registry;
  if (!c.features.registry || !registry || !installsRelease(c, "harbor")) return undefined;
  return {
    name: registry.credentialsSecret,
    namespace: registry.namespace,
    properties: [...HARBOR_CREDENTIAL_KEYS].sort(),
    ...(registry.credentialsBackend ? { backend: registry.credentialsBackend } : {}),
  };
}
