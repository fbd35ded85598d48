/**
 * The private registry pull secret: the secrets concern syncs it into every app namespace (components/secrets,
 * delivery-plan.ts), and RBAC names it in the catalog services' ServiceAccounts through `imagePullSecrets`, so no pod
 * spec has to. The `secrets` section belongs to components/secrets; other concerns read this fact only through here.
 */
import type { Capabilities } from "./config/platform";
import { catalogNamespaces } from "./catalog";

/** Where the pull secret goes: the configured registry and the catalog's namespaces. */
export interface RegistryPullSecretPlacementInput {
  catalog: ReadonlyArray<{ namespace: string }>;
  /** The `secrets` section (only `registry.secretName` is read). */
  secrets?: { registry?: { secretName: string } };
}

/** Whether it is synced: External Secrets runs, with its operator. */
export interface RegistryPullSecretInput extends RegistryPullSecretPlacementInput {
  features: Readonly<Record<string, boolean>>;
  capabilities: Pick<Capabilities, "helm">;
}

/** The registry pull secret of a stack. */
export interface RegistryPullSecret {
  /** Name of the `kubernetes.io/dockerconfigjson` Secret (`secrets.registry.secretName`). */
  name: string;
  /** The namespaces it goes into: every app namespace (those of the catalog's services), in catalog order. */
  namespaces: string[];
}

/** The pull secret and where it goes when a registry is configured (`secrets.registry`), whether or not it is synced. */
export function registryPullSecretPlacement(c: RegistryPullSecretPlacementInput): RegistryPullSecret | undefined {
  const registry = c.secrets?.registry;
  if (!registry) return undefined;
  return { name: registry.secretName, namespaces: catalogNamespaces(c) };
}

/**
 * The pull secret this stack syncs into the cluster, or undefined when it syncs none: a registry is configured and
 * External Secrets runs (`features.externalSecrets`, its operator installed: capabilities.helm).
 */
export function syncedRegistryPullSecret(c: RegistryPullSecretInput): RegistryPullSecret | undefined {
  return c.features.externalSecrets && c.capabilities.helm ? registryPullSecretPlacement(c) : undefined;
}
