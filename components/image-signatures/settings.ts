/**
 * The image-signatures concern's resolved settings: `scanning.signatures` (declared in core/config/image-signatures.ts,
 * composed into the `scanning` section) and the platform facts the component needs. Pure: tested without Pulumi.
 */
import { appNamespaceImages, type AppNamespaceImage, type AppNamespaceImagesInput } from "../../core/app-namespace-images";
import { installsRelease, type ChartsConfig } from "../../core/config/charts";
import type { SignaturesConfig, SignaturesInput } from "../../core/config/image-signatures";
import type { NetworkConfig } from "../../core/config/network";
import { operatorDestinations, type OperatorDestinations } from "../../core/cluster-ranges";
import type { PlatformConfig } from "../../core/config/platform";
import { POLICY_CONTROLLER_NAMESPACE } from "./names";

/**
 * The configuration the image-signatures concern reads: the platform-wide keys, `scanning.signatures`, and whether
 * Velero's restore helper runs in the app namespaces (`backup.fileSystemBackup`, through core).
 */
export type ImageSignaturesConfig = PlatformConfig & SignaturesInput & AppNamespaceImagesInput;

/** Everything the ImageSignatures component needs, every default filled. */
export interface ResolvedImageSignatures {
  /** Namespace of policy-controller. */
  namespace: string;
  /** The registry glob, the cosign public key, the mode, the policy for unmatched images and the webhook replicas. */
  signatures: SignaturesConfig;
  /** Pod network ranges: the API server's calls to the webhook come from outside them. */
  podCidrs: string[];
  /** Where the webhook may connect outside the cluster: the internet on HTTPS (registries, TUF), the API server, the VPC endpoints. */
  destinations: OperatorDestinations;
  /** The cluster DNS pods (`network.dns`), the only DNS server the webhook reaches. */
  dns: NetworkConfig["dns"];
  /** The stack's overrides of the policy-controller chart (`charts.policy-controller`). */
  chartOverrides: Pick<ChartsConfig, "policy-controller">;
  /** Images: the mirror they are pulled through (`images.registryMirror`) and the cluster's version (the cleanup hook's kubectl). */
  images: { registryMirror: string | undefined; kubernetesVersion: string };
  /** The third-party images the platform runs in the opted-in namespaces: each gets its own ClusterImagePolicy. */
  appNamespaceImages: AppNamespaceImage[];
}

/**
 * The image-signatures settings, or undefined when the concern is absent: `features.imageSignatures` off, a stack
 * that installs no Helm release (policy-controller is a chart), or no `scanning.signatures` (its check refuses that).
 */
export function resolveImageSignatures(config: ImageSignaturesConfig): ResolvedImageSignatures | undefined {
  const signatures = config.scanning.signatures;
  if (!config.features.imageSignatures || !installsRelease(config, "policy-controller") || !signatures) return undefined;
  return {
    namespace: POLICY_CONTROLLER_NAMESPACE,
    signatures,
    podCidrs: config.cluster.podCidrs,
    destinations: operatorDestinations(config),
    dns: config.network.dns,
    chartOverrides: { "policy-controller": config.charts["policy-controller"] },
    images: { registryMirror: config.images.registryMirror, kubernetesVersion: config.cluster.kubernetesVersion },
    appNamespaceImages: appNamespaceImages(config),
  };
}
