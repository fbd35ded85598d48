/**
 * The registry concern's resolved settings: the `registry` section after its defaults (the host from
 * `secrets.registry.server`, the storage), and the platform facts Harbor's component needs. Pure: tested without Pulumi.
 */
import { installsRelease, type ChartsConfig } from "../../core/config/charts";
import type { NetworkConfig } from "../../core/config/network";
import type { PlatformConfig } from "../../core/config/platform";
import { operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { AcmeIssuerName } from "../../core/acme-issuers";
import type { RegistryConfig } from "./schema";

/**
 * What the registry concern reads: the platform-wide keys, its `registry` section, the registry the shop pulls from
 * (`secrets.registry.server`, the default host), the IngressClass of the shop's Ingress (`tls.ingress.className`) and
 * the image signature glob (`scanning.signatures.registryGlob`, for the checks).
 */
export type RegistryFeatureConfig = PlatformConfig & {
  registry?: RegistryConfig;
  secrets?: { registry?: { server: string } };
  tls?: { ingress: { className: string } };
  scanning: { signatures?: { registryGlob: string } };
};

/** The `registry` section once present. */
type RegistrySection = NonNullable<RegistryConfig>;

/** Where Harbor keeps images: claims, or an S3 bucket reached through the registry's IRSA role. */
export type RegistryStorage = RegistrySection["storage"];

/** Everything the Registry component and its builders need, every default filled. */
export interface ResolvedRegistry {
  /** Namespace of Harbor (`registry.namespace`). */
  namespace: string;
  /** Public host name: the Ingress host, the certificate's only name, Harbor's external URL. */
  host: string;
  /** Where images are kept (`registry.storage`). */
  storage: RegistryStorage;
  /** Size of the database's claim. */
  databaseSize: string;
  /** The ACME ClusterIssuer of `harbor-tls`. */
  issuer: AcmeIssuerName;
  /**
   * Whether this stack issues `harbor-tls` (the Certificate `harbor`): cert-manager and its ClusterIssuers run here
   * (`features.certificates` with `tls` and the cert-manager release); otherwise the Secret must exist.
   */
  issueCertificate: boolean;
  /** The Secret (synced by the secrets concern) Harbor reads its credentials from. */
  credentialsSecret: string;
  /** IngressClass of Harbor's Ingress: the shop's (`tls.ingress.className`). */
  ingressClassName: string;
  /** The S3 storage's IRSA role: the cluster's OIDC provider and the role name's prefix; undefined with claims. */
  irsa?: { oidcProviderArn: string; clusterName: string };
  /** Cluster DNS and the ingress controller: peers of Harbor's NetworkPolicies. */
  network: Pick<NetworkConfig, "dns" | "ingressController">;
  /** Where Harbor may connect outside the cluster: the internet on HTTPS, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** The stack's overrides of the Harbor chart (`charts.harbor`). */
  chartOverrides: Pick<ChartsConfig, "harbor">;
  /** `images.registryMirror`: Harbor's images are pulled through it when set. */
  registryMirror: string | undefined;
}

/** The registry's host: `registry.host`, else the registry the shop pulls from (`secrets.registry.server`). */
export function registryHost(c: Pick<RegistryFeatureConfig, "registry" | "secrets">): string | undefined {
  return c.registry?.host ?? c.secrets?.registry?.server;
}

/**
 * The registry settings, or undefined when the concern is absent: `features.registry` off, no `registry` section, no
 * Harbor release (Helm releases off, `charts.harbor.install: false`), or a configuration its checks refuse (no host, S3
 * without the cluster's OIDC provider).
 */
export function resolveRegistry(config: RegistryFeatureConfig): ResolvedRegistry | undefined {
  const registry = config.registry;
  if (!config.features.registry || !registry || !installsRelease(config, "harbor")) return undefined;
  const host = registryHost(config);
  const oidcProviderArn = config.cluster.oidcProviderArn;
  if (!host || (registry.storage.type === "s3" && !oidcProviderArn)) return undefined;
  return {
    namespace: registry.namespace,
    host,
    storage: registry.storage,
    databaseSize: registry.databaseSize,
    issuer: registry.issuer,
    issueCertificate: Boolean(config.features.certificates && config.tls && installsRelease(config, "cert-manager")),
    credentialsSecret: registry.credentialsSecret,
    ingressClassName: config.tls?.ingress.className ?? "nginx",
    irsa: registry.storage.type === "s3" && oidcProviderArn ? { oidcProviderArn, clusterName: config.cluster.name } : undefined,
    network: { dns: config.network.dns, ingressController: config.network.ingressController },
    destinations: operatorDestinations(config),
    chartOverrides: { harbor: config.charts.harbor },
    registryMirror: config.images.registryMirror,
  };
}
