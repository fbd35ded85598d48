/** Hardened values of the sigstore policy-controller chart, from config `scanning.signatures`. */
import { kubectlImage, repositoryThrough, type RegistryMirror } from "../../core/chart-images";
import type { HelmValues } from "../../core/helm-values";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { IMAGE_POLICY_NAMESPACE_LABEL } from "./image-policy";

/** The parts of config `scanning.signatures` the chart values use. */
export interface PolicyControllerValuesInput {
  /** What happens to images no ClusterImagePolicy matches (`deny` unless a stack says otherwise). */
  unmatchedImages: "deny" | "warn" | "allow";
  /** Webhook replicas. */
  webhookReplicas: number;
  /** `images.registryMirror`: both images are pulled through it when set. */
  registryMirror: RegistryMirror;
  /** The cluster's Kubernetes version: the kubectl of the cleanup hook matches it. */
  kubernetesVersion: string;
}

/** The webhook's image; the chart pins it by digest (`webhook.image.version`), which is kept. */
const WEBHOOK_IMAGE = "ghcr.io/sigstore/policy-controller/policy-controller";

/**
 * Values for the pinned policy-controller chart. Its naming is inverted: `webhook.securityContext` is the pod's
 * context and `webhook.podSecurityContext` the container's (the same for `leasescleanup`).
 * The webhook fails closed (`failurePolicy: Fail`) and sees only opted-in namespaces.
 */
export function policyControllerValues(c: PolicyControllerValuesInput): HelmValues {
  const kubectl = kubectlImage(c.kubernetesVersion);
  return {
    webhook: {
      image: { repository: repositoryThrough(WEBHOOK_IMAGE, c.registryMirror) },
      replicaCount: c.webhookReplicas,
      failurePolicy: "Fail",
      namespaceSelector: { matchExpressions: [{ key: IMAGE_POLICY_NAMESPACE_LABEL, operator: "In", values: ["true"] }] },
      configData: { "no-match-policy": c.unmatchedImages },
      securityContext: { enabled: true, ...restrictedPodSecurityContext() },
      podSecurityContext: { enabled: true, ...restrictedContainerSecurityContext() },
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      // With a fail-closed webhook a drained node must not take the last replica.
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    },
    leasescleanup: {
      // The chart's default is `cgr.dev/chainguard/kubectl:latest-dev`, a moving tag; the hook needs kubectl and /bin/sh.
      image: { repository: repositoryThrough(kubectl.repository, c.registryMirror), version: kubectl.tag },
      podSecurityContext: { enabled: true, ...restrictedContainerSecurityContext() },
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
    },
  };
}
