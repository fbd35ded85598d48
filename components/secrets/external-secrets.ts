/**
 * ExternalSecretsOperator: the in-cluster half of the secrets layer. The hardened external-secrets release (CRDs
 * included), Reloader when rotation is on, the dedicated store service accounts, the SecretStores (and
 * ClusterSecretStores when asked), and one ExternalSecret per Secret the catalog's services read, plus the registry
 * pull secret. Every custom resource depends on the release that installs its CRD.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RegistryMirror } from "../../core/chart-images";
import type { ChartsConfig } from "../../core/config/charts";
import type { OperatorDestinations } from "../../core/cluster-ranges";
import type { SecretsConfig } from "./schema";
import { externalSecretsValues, reloaderValues } from "./chart-values";
import { scopeKey, type SecretBackend, type SecretDeliveryPlan, type StoreScope } from "./delivery-plan";
import { externalSecretManifest } from "./external-secret-manifests";
import { operatorNetworkPolicies, type PeerPods } from "./operator-network";
import { awsStoreManifest, storeServiceAccountManifest, tokenReviewBindingManifest, vaultDynamicSecretManifest, vaultStoreManifest } from "./store-manifests";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";

/** Arguments of {@link ExternalSecretsOperator}. */
export interface ExternalSecretsOperatorArgs {
  /** What to deliver where (components/secrets/delivery-plan.ts). */
  plan: SecretDeliveryPlan;
  /** The `secrets` configuration (stores, refresh, rotation, operator settings). */
  settings: SecretsConfig;
  /** The app namespaces (a ClusterSecretStore serves only these). */
  appNamespaces: string[];
  /** Namespace resources by name: objects inside depend on them. */
  namespaces: ReadonlyMap<string, pulumi.Resource>;
  /** IRSA role ARN per scope reading from AWS (key: scopeKey). */
  irsaRoleArns: ReadonlyMap<string, pulumi.Input<string>>;
  /** The stack's chart overrides. */
  charts: ChartsConfig;
  /** Pod ranges of the cluster: the API server's calls to the webhook come from outside them. */
  podCidrs: string[];
  /** Where the operator may connect outside the cluster (the internet on HTTPS, the API server, the VPC endpoints). */
  destinations: OperatorDestinations;
  /** The cluster DNS pods and the metrics scraper (config `network`). */
  network: { dns: PeerPods; monitoring: PeerPods };
  /** `images.registryMirror`: chart images are pulled through it when set. */
  registryMirror: RegistryMirror;
  /** Install External Secrets and create its custom resources (`charts.external-secrets.install`, default on). */
  installOperator: boolean;
  /** Install Reloader (`secrets.rotation` and `charts.reloader.install`). */
  installReloader: boolean;
}

/** External Secrets Operator, Reloader, stores and ExternalSecrets. */
export class ExternalSecretsOperator extends pulumi.ComponentResource {
  /** The external-secrets Helm release (custom resources of its CRDs depend on it); undefined when not installed. */
  readonly release?: k8s.helm.v3.Release;
  /** Namespace/name of every ExternalSecret created. */
  readonly externalSecretNames: string[];

  constructor(name: string, args: ExternalSecretsOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:ExternalSecretsOperator", name, {}, opts);
    const externalSecrets = args.settings;
    const nsOf = (ns: string): pulumi.Resource[] => {
      const r = args.namespaces.get(ns);
      return r ? [r] : [];
    };

    // Before the release: the default-deny of the namespace would keep the webhook unreachable and the controller offline.
    const network = operatorNetworkPolicies({
      namespace: externalSecrets.operatorNamespace,
      podCidrs: args.podCidrs,
      destinations: args.destinations,
      dns: args.network.dns,
      vaultAddress: externalSecrets.vault?.address,
      vaultCidrs: externalSecrets.vault?.cidrs,
      metricsScraper: externalSecrets.operator.serviceMonitor ? args.network.monitoring : undefined,
      reloader: args.installReloader,
    }).map((policy) => createObject(policy, { parent: this, dependsOn: nsOf(externalSecrets.operatorNamespace) }));
    const release = args.installOperator
      ? hardenedRelease(
          `${name}-operator`,
          {
            chart: "external-secrets",
            namespace: externalSecrets.operatorNamespace,
            values: externalSecretsValues({ ...externalSecrets.operator, registryMirror: args.registryMirror }),
            overrides: args.charts,
          },
          { parent: this, dependsOn: [...nsOf(externalSecrets.operatorNamespace), ...network] },
        )
      : undefined;
    this.release = release;
    if (args.installReloader) {
      hardenedRelease(
        `${name}-reloader`,
        {
          chart: "reloader",
          namespace: externalSecrets.operatorNamespace,
          values: reloaderValues({
            serviceMonitor: externalSecrets.operator.serviceMonitor,
            resources: externalSecrets.operator.resources,
            appNamespaces: args.appNamespaces,
            registryMirror: args.registryMirror,
          }),
          overrides: args.charts,
        },
        { parent: this, dependsOn: [...nsOf(externalSecrets.operatorNamespace), ...network] },
      );
    }
    this.externalSecretNames = [];
    // Without the operator's release its CRDs are absent: no store, service account for one, or ExternalSecret.
    if (release === undefined) {
      this.registerOutputs({ externalSecretNames: this.externalSecretNames });
      return;
    }

    const accounts = new Map<string, pulumi.Resource>();
    for (const scope of args.plan.scopes) {
      const roleArn = scope.readable.aws ? args.irsaRoleArns.get(scopeKey(scope)) : undefined;
      if (scope.readable.aws && roleArn === undefined) throw new Error(`no IRSA role ARN for the AWS store of ${scopeKey(scope)}`);
      accounts.set(
        scopeKey(scope),
        createObject(storeServiceAccountManifest(scope, externalSecrets, roleArn), { parent: this, dependsOn: nsOf(scope.namespace) }),
      );
    }
    const vaultScopes = args.plan.scopes.filter((sc) => sc.readable.vault || sc.vaultCredentialPaths);
    if (vaultScopes.length > 0) {
      createObject(tokenReviewBindingManifest(vaultScopes, externalSecrets), { parent: this, dependsOn: vaultScopes.map((sc) => accounts.get(scopeKey(sc))!) });
    }

    const stores = new Map<string, pulumi.Resource>();
    for (const scope of args.plan.scopes) {
      for (const backend of Object.keys(scope.readable) as SecretBackend[]) {
        const manifest =
          backend === "vault" ? vaultStoreManifest(scope, externalSecrets, args.appNamespaces) : awsStoreManifest(scope, externalSecrets, args.appNamespaces);
        const store = createObject(manifest, { parent: this, dependsOn: [release, accounts.get(scopeKey(scope))!, ...nsOf(scope.namespace)] });
        stores.set(storeKey(scope, backend), store);
      }
    }

    const settings = { refreshInterval: externalSecrets.refreshInterval, rotation: externalSecrets.rotation };
    for (const synced of args.plan.secrets) {
      // A generated secret reads through its generator (Vault's database engine), not a store.
      const source = synced.generated
        ? createObject(vaultDynamicSecretManifest(synced, externalSecrets), {
            parent: this,
            dependsOn: [release, accounts.get(scopeKey({ kind: "SecretStore", namespace: synced.namespace }))!, ...nsOf(synced.namespace)],
          })
        : stores.get(storeKey({ kind: "SecretStore", namespace: synced.namespace }, synced.backend));
      createObject(externalSecretManifest(synced, settings), {
        parent: this,
        dependsOn: [release, ...(source ? [source] : []), ...nsOf(synced.namespace)],
      });
      this.externalSecretNames.push(`${synced.namespace}/${synced.name}`);
    }

    this.registerOutputs({ externalSecretNames: this.externalSecretNames });
  }
}

function storeKey(scope: Pick<StoreScope, "kind" | "namespace">, backend: SecretBackend): string {
  return `${scopeKey(scope)}/${backend}`;
}
