/** The resolved settings of the RBAC concern, and the pure resolve step that fills them from the configuration. */
import type { ServiceDefinition } from "../../core/catalog";
import type { PlatformConfig } from "../../core/config/platform";
import { syncedRegistryPullSecret, type RegistryPullSecret, type RegistryPullSecretInput } from "../../core/registry-pull-secret";

/** What the RBAC concern reads: the platform-wide keys, and the registry pull secret's facts (through core). */
export type RbacConfig = PlatformConfig & RegistryPullSecretInput;

/** What {@link Rbac} is built from. */
export interface ResolvedRbac {
  /** The service catalog: per service a ServiceAccount, and a Role and RoleBinding when it is granted Secrets or ConfigMaps. */
  catalog: readonly ServiceDefinition[];
  /** The registry pull secret the ServiceAccounts in its namespaces name in `imagePullSecrets`; undefined when the stack syncs none. */
  pullSecret: RegistryPullSecret | undefined;
}

/** RBAC is always on: the catalog's identities, with the pull secret the secrets concern syncs. */
export function resolveRbac(config: RbacConfig): ResolvedRbac {
  return { catalog: config.catalog, pullSecret: syncedRegistryPullSecret(config) };
}
