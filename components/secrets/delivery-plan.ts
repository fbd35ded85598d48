/**
 * What the secrets layer delivers, derived from the service catalog: which Secrets each namespace receives,
 * from which backend and remote key, and which stores (and so which Vault roles and IRSA roles) exist.
 * Everything else in components/secrets renders from this plan, so manifests and policies cannot drift apart.
 */
import { registryPullSecretPlacement, type RegistryPullSecretPlacementInput } from "../../core/registry-pull-secret";
import { backendOfRegistrySecret, backendOfSecret, remoteKeyOf, type BackendChoiceInput, type SecretBackend } from "./backends";
import { catalogNamespaces } from "../../core/catalog";
export type { SecretBackend };

/** The parts of the stack configuration the plan reads (and trivy-operator's namespace: the pull secret goes there too). */
export interface DeliveryPlanInput extends BackendChoiceInput, Pick<RegistryPullSecretPlacementInput, "imageScannerNamespace"> {
  /** Environment name: the remote keys' prefix. */
  environment: string;
  /** The catalog: each service's namespace, the secrets it may read, and which of their properties (`secretKeys`). */
  catalog: ReadonlyArray<{ name: string; namespace: string; secrets: readonly string[]; secretKeys?: Readonly<Record<string, readonly string[]>> }>;
  secrets: BackendChoiceInput["secrets"] & {
    clusterSecretStore: boolean;
    operatorNamespace: string;
    registry?: { server: string; secretName: string; backend?: SecretBackend };
  };
}

/** One Kubernetes Secret kept in sync from a backend by an ExternalSecret. */
export interface SyncedSecret {
  /** Name of the ExternalSecret and of the Secret it writes. */
  name: string;
  /** Namespace of both. */
  namespace: string;
  /** Backend it is read from (the namespace's store of that backend). */
  backend: SecretBackend;
  /** Key in the backend. */
  remoteKey: string;
  /** Catalog services that read it (empty for the registry pull secret, which the kubelet reads). */
  consumers: string[];
  /**
   * The only properties of the remote document copied (each becomes a key of the Secret), sorted: what its consumers
   * list in `secretKeys`; undefined when a consumer reads the whole document (its own).
   */
  properties?: string[];
  /** `catalog`: all properties of the remote secret become keys; `registry`: a dockerconfigjson pull secret. */
  purpose: "catalog" | "registry";
}

/** A scope holding stores: a namespace with SecretStores, or the cluster with ClusterSecretStores. */
export interface StoreScope {
  /** `SecretStore` in an app namespace, or `ClusterSecretStore` (its service account lives in the operator namespace). */
  kind: "SecretStore" | "ClusterSecretStore";
  /** The namespace of the stores (SecretStore) or of their service account (ClusterSecretStore). */
  namespace: string;
  /** Per backend this scope has a store for, the names of the secrets it may read there (sorted). */
  readable: Partial<Record<SecretBackend, string[]>>;
}

/** The whole delivery plan of a stack. */
export interface SecretDeliveryPlan {
  /** Every synced Secret, sorted by namespace then name. */
  secrets: SyncedSecret[];
  /** Every store scope: app namespaces first (catalog order), then the cluster scope when configured. */
  scopes: StoreScope[];
}

/** Name of a backend's store (SecretStore or ClusterSecretStore). */
export function storeNameOf(backend: SecretBackend): string {
  return backend === "vault" ? "vault" : "aws-secrets-manager";
}

/** Backends the configuration defines (`secrets.vault`, `secrets.aws`). */
export function configuredBackends(c: BackendChoiceInput): SecretBackend[] {
  const list: SecretBackend[] = [];
  if (c.secrets.vault) list.push("vault");
  if (c.secrets.aws) list.push("aws");
  return list;
}

/** Derive the plan from the catalog and the `secrets` configuration. */
export function planSecretDelivery(c: DeliveryPlanInput): SecretDeliveryPlan {
  const synced = new Map<string, SyncedSecret>();
  for (const service of c.catalog) {
    for (const name of service.secrets) {
      const id = `${service.namespace}/${name}`;
      const keys = service.secretKeys?.[name];
      const existing = synced.get(id);
      if (existing) {
        existing.consumers.push(service.name);
        // Two consumers of one Secret share it: it holds what either needs, the whole document if either reads that.
        existing.properties = existing.properties && keys ? [...new Set([...existing.properties, ...keys])].sort() : undefined;
        continue;
      }
      const backend = backendOfSecret(c, name);
      synced.set(id, {
        name,
        namespace: service.namespace,
        backend,
        remoteKey: remoteKeyOf(backend, c.environment, name),
        consumers: [service.name],
        ...(keys ? { properties: [...new Set(keys)].sort() } : {}),
        purpose: "catalog",
      });
    }
  }
  // Where the pull secret goes is the fact RBAC reads too (the ServiceAccounts there name it); trivy-operator reads
  // it in its own namespace, which then gets a store of its own (holding that one secret).
  const registry = registryPullSecretPlacement(c);
  const namespaces = [...catalogNamespaces(c), ...(registry?.scannerNamespace ? [registry.scannerNamespace] : [])];
  if (registry) {
    const backend = backendOfRegistrySecret(c);
    for (const namespace of [...registry.namespaces, ...(registry.scannerNamespace ? [registry.scannerNamespace] : [])]) {
      // A registry secret named like a catalog secret is refused by the checks (registryNameIssues).
      synced.set(`${namespace}/${registry.name}`, {
        name: registry.name,
        namespace,
        backend,
        remoteKey: remoteKeyOf(backend, c.environment, registry.name),
        consumers: [],
        purpose: "registry",
      });
    }
  }
  const secrets = [...synced.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));

  const scopes: StoreScope[] = [];
  for (const namespace of namespaces) {
    const readable = readableByBackend(secrets.filter((s) => s.namespace === namespace));
    if (Object.keys(readable).length > 0) scopes.push({ kind: "SecretStore", namespace, readable });
  }
  if (c.secrets.clusterSecretStore) {
    const all = readableByBackend(secrets);
    const readable: StoreScope["readable"] = {};
    // A cluster store per configured backend that holds at least one secret: an empty Vault policy grants nothing.
    for (const backend of configuredBackends(c)) if (all[backend]) readable[backend] = all[backend];
    if (Object.keys(readable).length > 0) scopes.push({ kind: "ClusterSecretStore", namespace: c.secrets.operatorNamespace, readable });
  }
  return { secrets, scopes };
}

/** Secret names per backend, deduplicated and sorted. */
function readableByBackend(secrets: readonly SyncedSecret[]): StoreScope["readable"] {
  const out: StoreScope["readable"] = {};
  for (const s of secrets) (out[s.backend] ??= []).push(s.name);
  for (const backend of Object.keys(out) as SecretBackend[]) out[backend] = [...new Set(out[backend])].sort();
  return out;
}

/** The backends a plan uses (some store reads from them). */
export function backendsInUse(plan: SecretDeliveryPlan): SecretBackend[] {
  const used = new Set<SecretBackend>();
  for (const scope of plan.scopes) for (const b of Object.keys(scope.readable) as SecretBackend[]) used.add(b);
  return (["vault", "aws"] as const).filter((b) => used.has(b));
}

/** Scopes that have a store of the given backend. */
export function scopesOf(plan: SecretDeliveryPlan, backend: SecretBackend): StoreScope[] {
  return plan.scopes.filter((s) => s.readable[backend] !== undefined);
}

/** A key naming a scope uniquely (`SecretStore/ecommerce`, `ClusterSecretStore/external-secrets`). */
export function scopeKey(scope: Pick<StoreScope, "kind" | "namespace">): string {
  return `${scope.kind}/${scope.namespace}`;
}
