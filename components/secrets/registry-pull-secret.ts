/**
 * The private registry pull secret: synced into every app namespace (see delivery-plan.ts) and referenced by the
 * catalog services' ServiceAccounts through `imagePullSecrets`, so no pod spec has to name it.
 */

/** The parts of the stack configuration that decide whether a namespace has a pull secret. */
export interface PullSecretInput {
  features: Readonly<Record<string, boolean>>;
  catalog: ReadonlyArray<{ namespace: string }>;
  secrets: { registry?: { secretName: string } };
}

/**
 * The `imagePullSecrets` a ServiceAccount in `namespace` should carry: the registry pull secret when this stack
 * syncs one there (External Secrets on, with its operator, and a registry configured), else none.
 */
export function imagePullSecretsFor(c: PullSecretInput, namespace: string): Array<{ name: string }> {
  const registry = c.secrets.registry;
  if (!registry || !c.features.externalSecrets || !c.features.helmReleases) return [];
  return c.catalog.some((s) => s.namespace === namespace) ? [{ name: registry.secretName }] : [];
}
