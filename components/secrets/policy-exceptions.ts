/**
 * The reviewed exceptions the secrets layer's charts need, named as their releases render them. Each is a privilege
 * the controller cannot work without and no value of its chart narrows further:
 * - External Secrets writes the Secrets of ExternalSecrets in several namespaces (its chart can scope it to one
 *   namespace at most) and watches them, and mints tokens of the stores' ServiceAccounts to authenticate to Vault and
 *   AWS; its cert controller keeps the webhook's certificate and injects its CA; its webhook builds its API client
 *   from the in-cluster configuration and exits without a token, although nothing is bound to it;
 * - Reloader watches the Secrets of the namespaces it serves (the app namespaces and, as the chart always does, its
 *   own), never the cluster's;
 * - Sealed Secrets writes unsealed Secrets where SealedSecrets live and lists its sealing keys in its namespace.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { READS_ALL_SECRETS, reviewedExceptions } from "../../core/reviewed-exceptions";
import { SEALED_SECRETS_CONTROLLER_NAME } from "./chart-values";

/** Release names (HardenedRelease defaults to the chart's name). */
export const RELEASES = { externalSecrets: "external-secrets", reloader: "reloader", sealedSecrets: "sealed-secrets" } as const;

/** External Secrets Operator's exceptions. */
export function externalSecretsPolicyExceptions(operatorNamespace: string): FeaturePolicyException[] {
  const release = RELEASES.externalSecrets;
  return reviewedExceptions(release, [
    {
      resource: `ClusterRole ${release}-controller`,
      rules: [...READS_ALL_SECRETS, "rbac-no-token-request"],
      reason:
        "the controller creates and updates the Secret of every ExternalSecret (the catalog's secrets and the registry pull secret, in several namespaces) and watches them to undo drift, and requests tokens of the stores' dedicated ServiceAccounts to log in to Vault and AWS as them; the chart scopes it to a single namespace at most",
    },
    {
      resource: `ClusterRole ${release}-cert-controller`,
      rules: [...READS_ALL_SECRETS, "rbac-no-admission-config-edit"],
      reason: `the cert controller generates the webhook's serving certificate into a Secret of ${operatorNamespace}, watches it to renew it, and writes its CA into the CRDs' conversion webhooks and the external-secrets validating webhook configuration`,
    },
    {
      resource: `Deployment ${operatorNamespace}/${release}-webhook`,
      rules: ["workload-service-account-token"],
      reason:
        "the admission webhook builds its Kubernetes client from the in-cluster configuration at start-up (controller-runtime's GetConfigOrDie) and exits without the token; no Role is bound to its ServiceAccount, so the token grants nothing beyond what every authenticated client has",
    },
  ]);
}

/** Reloader's exceptions: one Role per namespace it watches (the app namespaces and its own). */
export function reloaderPolicyExceptions(operatorNamespace: string, appNamespaces: readonly string[]): FeaturePolicyException[] {
  const release = RELEASES.reloader;
  const watched = [...new Set([...appNamespaces, operatorNamespace])];
  return reviewedExceptions(
    release,
    watched.map((namespace) => ({
      resource: `Role ${namespace}/${release}-reloader-role`,
      rules: READS_ALL_SECRETS,
      reason:
        namespace === operatorNamespace
          ? `the chart always watches Reloader's own namespace (${namespace}), where it keeps its bookkeeping ConfigMap; no workload there asks to be reloaded`
          : `Reloader restarts the workloads of ${namespace} annotated with a Secret or ConfigMap when it changes (rotation), so it watches that namespace's Secrets; it holds no right outside the app namespaces`,
    })),
  );
}

/** Sealed Secrets' exceptions. */
export function sealedSecretsPolicyExceptions(namespace: string): FeaturePolicyException[] {
  return reviewedExceptions(RELEASES.sealedSecrets, [
    {
      resource: "ClusterRole secrets-unsealer",
      rules: READS_ALL_SECRETS,
      reason: "the controller writes the Secret of each SealedSecret in its namespace and watches them to recreate one that is deleted or changed",
    },
    {
      resource: `Role ${namespace}/${SEALED_SECRETS_CONTROLLER_NAME}-key-admin`,
      rules: READS_ALL_SECRETS,
      reason: `the controller lists its sealing keys (Secrets labelled as sealing keys) in ${namespace} at start-up to load every key generation`,
    },
  ]);
}
