/**
 * The private registry pull secret: the secrets concern syncs it into every app namespace (components/secrets,
 * delivery-plan.ts), and RBAC names it in the catalog services' ServiceAccounts through `imagePullSecrets`, so no pod
 * spec has to. When trivy-operator runs it also goes into the scanner's namespace: the operator has no access to the
 * app namespaces' Secrets (`operator.accessGlobalSecretsAndServiceAccount: false`) and reads the registry credentials
 * it scans private images with from its own namespace, by name (`operator.privateRegistryScanSecretsNames`).
 * The `secrets` section belongs to components/secrets; other concerns read this fact only through here.
 */
import type { Capabilities } from "./config/platform";
import { installsRelease, type ChartsConfig } from "./config/charts";
import { catalogNamespaces } from "./catalog";

/** Where the pull secret goes: the configured registry, the catalog's namespaces and the image scanner's. */
export interface RegistryPullSecretPlacementInput {
  catalog: ReadonlyArray<{ namespace: string }>;
  /** The `secrets` section (only `registry.secretName` is read). */
  secrets?: { registry?: { secretName: string } };
  /** trivy-operator's namespace, when it runs ({@link imageScannerNamespace}). */
  imageScannerNamespace?: string;
}

/** What decides whether the pull secret is synced and where: the switches, the capabilities, the `scanning` section. */
export interface RegistryPullSecretInput extends Omit<RegistryPullSecretPlacementInput, "imageScannerNamespace"> {
  features: Readonly<Record<string, boolean>>;
  capabilities: Pick<Capabilities, "helm">;
  /** `charts` (whether each release is installed: `charts.<release>.install`). */
  charts: ChartsConfig;
  /** The `scanning` section (only `namespace` is read). */
  scanning?: { namespace: string };
}

/** The registry pull secret of a stack. */
export interface RegistryPullSecret {
  /** Name of the `kubernetes.io/dockerconfigjson` Secret (`secrets.registry.secretName`). */
  name: string;
  /** The app namespaces it goes into: every namespace of the catalog's services, in catalog order. */
  namespaces: string[];
  /** trivy-operator's namespace, when the operator runs: it scans the shop's private images with the secret there. */
  scannerNamespace?: string;
}

/** The namespace trivy-operator runs in, when it is installed (`features.scanning` with its Helm release). */
export function imageScannerNamespace(c: Pick<RegistryPullSecretInput, "features" | "capabilities" | "charts" | "scanning">): string | undefined {
  return c.features.scanning && installsRelease(c, "trivy-operator") ? c.scanning?.namespace : undefined;
}

/** The pull secret and where it goes when a registry is configured (`secrets.registry`), whether or not it is synced. */
export function registryPullSecretPlacement(c: RegistryPullSecretPlacementInput): RegistryPullSecret | undefined {
  const registry = c.secrets?.registry;
  if (!registry) return undefined;
  const namespaces = catalogNamespaces(c);
  const scanner = c.imageScannerNamespace;
  return { name: registry.secretName, namespaces, ...(scanner !== undefined && !namespaces.includes(scanner) ? { scannerNamespace: scanner } : {}) };
}

/**
 * The pull secret this stack syncs into the cluster, or undefined when it syncs none: a registry is configured and
 * External Secrets runs (`features.externalSecrets`, its operator's release installed).
 */
export function syncedRegistryPullSecret(c: RegistryPullSecretInput): RegistryPullSecret | undefined {
  return c.features.externalSecrets && installsRelease(c, "external-secrets")
    ? registryPullSecretPlacement({ ...c, imageScannerNamespace: imageScannerNamespace(c) })
    : undefined;
}
