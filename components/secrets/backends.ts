/**
 * Which backend each secret is read from, and where it lives there. One layout for both backends:
 * Vault KV `e-commerce/<environment>/<secret>` and Secrets Manager `/e-commerce/<environment>/<secret>`,
 * so an environment's credentials are separated by path and every policy can be scoped to its prefix.
 */
import type { SecretBackend } from "./schema";

export type { SecretBackend };

/** The parts of the stack configuration that decide a secret's backend. */
export interface BackendChoiceInput {
  secrets: {
    defaultBackend: SecretBackend;
    backendOverrides: Record<string, SecretBackend>;
    vault?: unknown;
    aws?: { jwtSigningKeySecretName: string; jwtPublicKeySecretName: string };
    registry?: { secretName: string; backend?: SecretBackend };
  };
}

/**
 * The backend a catalog secret is read from: an explicit override, else AWS for the JWT secrets when AWS is configured
 * (this program writes the key pair there), else the default backend.
 */
export function backendOfSecret(c: BackendChoiceInput, secretName: string): SecretBackend {
  const override = c.secrets.backendOverrides[secretName];
  if (override) return override;
  const aws = c.secrets.aws;
  if (aws && (secretName === aws.jwtSigningKeySecretName || secretName === aws.jwtPublicKeySecretName)) return "aws";
  return c.secrets.defaultBackend;
}

/** The backend of the registry pull secret. */
export function backendOfRegistrySecret(c: BackendChoiceInput): SecretBackend {
  return c.secrets.registry?.backend ?? c.secrets.defaultBackend;
}

/** The environment's path prefix, without leading or trailing slash: `e-commerce/<environment>`. */
export function secretPathPrefix(environment: string): string {
  return `e-commerce/${environment}`;
}

/** The key an ExternalSecret asks its store for: relative to the KV mount for Vault, the secret name for AWS. */
export function remoteKeyOf(backend: SecretBackend, environment: string, secretName: string): string {
  const key = `${secretPathPrefix(environment)}/${secretName}`;
  return backend === "aws" ? `/${key}` : key;
}

/** The Vault API path a KV v2 read of a secret goes to: `<mount>/data/<key>`. */
export function vaultDataPath(kvMount: string, environment: string, secretName: string): string {
  return `${kvMount}/data/${remoteKeyOf("vault", environment, secretName)}`;
}

/** Secrets Manager name prefix of the environment (`/e-commerce/<environment>/`), what the IAM policy is scoped to. */
export function awsSecretNamePrefix(environment: string): string {
  return `/${secretPathPrefix(environment)}/`;
}
