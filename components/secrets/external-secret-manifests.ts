/**
 * The ExternalSecrets of the delivery plan: one per synced Secret, marked for Reloader when rotation is on. A Secret
 * with listed properties copies exactly those (a client's user and password from its own document); only a service's
 * own document is copied whole.
 */
import { componentLabels } from "../../core/labels";
import { storeNameOf, type SyncedSecret } from "./delivery-plan";

/** Reloader restarts workloads annotated `reloader.stakater.com/search: "true"` when a Secret carrying this changes. */
export const RELOADER_MATCH_ANNOTATION = "reloader.stakater.com/match";

/** The generator kind of Vault's generated credentials (external-secrets' VaultDynamicSecret). */
export const VAULT_GENERATOR = { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "VaultDynamicSecret" } as const;

/** Property of the registry secret in the backend holding the dockerconfigjson document. */
export const REGISTRY_PROPERTY = "dockerconfigjson";

/** How ExternalSecrets behave. */
export interface ExternalSecretSettings {
  /** How often the source is re-read. */
  refreshInterval: string;
  /** Mark the Secrets for Reloader. */
  rotation: boolean;
}

/** The ExternalSecret that keeps one Secret in sync. */
export function externalSecretManifest(s: SyncedSecret, settings: ExternalSecretSettings) {
  const annotations: Record<string, string> = {};
  if (settings.rotation) annotations[RELOADER_MATCH_ANNOTATION] = "true";
  const registry = s.purpose === "registry";
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: {
      name: s.name,
      namespace: s.namespace,
      labels: componentLabels("secrets"),
      annotations: { "ecommerce.example.com/consumers": registry ? "kubelet (imagePullSecrets)" : s.consumers.join(",") },
    },
    spec: {
      // A generated user is fetched anew at half its lease, so the Secret never holds an expired one.
      refreshInterval: s.generated ? `${Math.floor(s.generated.ttlSeconds / 2)}s` : settings.refreshInterval,
      ...(s.generated ? {} : { secretStoreRef: { kind: "SecretStore", name: storeNameOf(s.backend) } }),
      target: {
        name: s.name,
        // The Secret belongs to its ExternalSecret; if the remote value disappears the last good copy stays.
        creationPolicy: "Owner",
        deletionPolicy: "Retain",
        template: {
          engineVersion: "v2",
          type: registry ? "kubernetes.io/dockerconfigjson" : "Opaque",
          metadata: { labels: componentLabels("secrets"), annotations },
        },
      },
      ...(registry
        ? { data: [{ secretKey: ".dockerconfigjson", remoteRef: { key: s.remoteKey, property: REGISTRY_PROPERTY } }] }
        : s.generated
          ? { dataFrom: [{ sourceRef: { generatorRef: { ...VAULT_GENERATOR, name: s.name } } }] }
          : s.properties
            ? { data: s.properties.map((property) => ({ secretKey: property, remoteRef: { key: s.remoteKey, property } })) }
            : { dataFrom: [{ extract: { key: s.remoteKey } }] }),
    },
  };
}
