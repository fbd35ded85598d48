/**
 * Hardened values of the three charts of the secrets layer: External Secrets Operator, stakater Reloader and
 * Sealed Secrets. Every pod and container they run gets the restricted security contexts, bounded resources,
 * and only the features this program uses.
 */
import { registryThrough, repositoryThrough, type RegistryMirror } from "../../core/chart-images";
import type { HelmValues } from "../../core/helm-values";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";

/** Requests and limits as the config gives them. */
export interface ResourceSettings {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
}

/** Kubernetes `resources` of a container. */
export function containerResources(r: ResourceSettings) {
  return { requests: { cpu: r.requestsCpu, memory: r.requestsMemory }, limits: { cpu: r.limitsCpu, memory: r.limitsMemory } };
}

/** The user the external-secrets image runs as (the chart's default). */
const ESO_UID = 1000;

/** The one image of the controller, the webhook and the cert controller (tag: the chart's appVersion). */
const ESO_IMAGE = "ghcr.io/external-secrets/external-secrets";

/** Settings of the ESO release. */
export interface OperatorValuesInput {
  /** Controller, webhook and cert-controller replicas. */
  replicas: number;
  /** Metrics Services and ServiceMonitors. */
  serviceMonitor: boolean;
  /** Requests and limits of every container. */
  resources: ResourceSettings;
  /** `images.registryMirror`: the image is pulled through it when set. */
  registryMirror: RegistryMirror;
}

/** Values of the external-secrets chart. */
export function externalSecretsValues(o: OperatorValuesInput): HelmValues {
  const pdb = { enabled: o.replicas > 1, minAvailable: 1 };
  const hardened = {
    image: { repository: repositoryThrough(ESO_IMAGE, o.registryMirror) },
    // The chart's pod context carries an `enabled` switch beside the fields.
    podSecurityContext: { enabled: true, ...restrictedPodSecurityContext(ESO_UID) },
    securityContext: { enabled: true, ...restrictedContainerSecurityContext(ESO_UID) },
    resources: containerResources(o.resources),
    podDisruptionBudget: pdb,
    replicaCount: o.replicas,
    metrics: { service: { enabled: o.serviceMonitor } },
  };
  return {
    installCRDs: true,
    // Several controller replicas must elect a leader, or they would reconcile the same objects twice.
    leaderElect: o.replicas > 1,
    ...hardened,
    // Rendered whenever asked for (the prometheus-operator CRDs are a documented prerequisite of serviceMonitor), not
    // silently skipped when the API server rendering the chart does not list them.
    serviceMonitor: { enabled: o.serviceMonitor, renderMode: "alwaysRender" },
    serviceAccount: { create: true, automount: true },
    // Only ExternalSecrets and stores are used: no writing back to the backends, no cross-namespace fan-out.
    processPushSecret: false,
    processClusterPushSecret: false,
    processClusterExternalSecret: false,
    webhook: { ...hardened },
    certController: { ...hardened },
  };
}

/** Settings of the Reloader release. */
export interface ReloaderValuesInput {
  /** Create a PodMonitor (needs the prometheus-operator CRDs). */
  serviceMonitor: boolean;
  /** Requests and limits of the container. */
  resources: ResourceSettings;
  /** The application namespaces: the only ones whose workloads Reloader restarts. */
  appNamespaces: string[];
  /** `images.registryMirror`: the image is pulled through it when set. */
  registryMirror: RegistryMirror;
}

/** Reloader's image (tag: the chart's default, the release it was tested with). */
const RELOADER_IMAGE = "ghcr.io/stakater/reloader";

/** The user the Reloader image runs as (the chart's default, nobody). */
const RELOADER_UID = 65534;

/**
 * Values of the stakater reloader chart: reloads only what is annotated, never everything, and only in the
 * application namespaces. Watching globally would give it a ClusterRole reading every Secret of the cluster (the
 * sealing keys in kube-system among them) and patching every workload; scoped, the chart grants a Role in each
 * listed namespace and in its own (which it always watches for its bookkeeping ConfigMap), and nothing cluster-wide.
 */
export function reloaderValues(r: ReloaderValuesInput): HelmValues {
  return {
    image: { repository: repositoryThrough(RELOADER_IMAGE, r.registryMirror) },
    reloader: {
      autoReloadAll: false,
      watchGlobally: false,
      namespaces: r.appNamespaces,
      readOnlyRootFileSystem: true,
      // Annotation strategy: a rollout through the pod template annotation, no env var injected into containers.
      reloadStrategy: "annotations",
      deployment: {
        replicas: 1,
        securityContext: restrictedPodSecurityContext(RELOADER_UID),
        containerSecurityContext: restrictedContainerSecurityContext(RELOADER_UID),
        resources: containerResources(r.resources),
      },
      podMonitor: { enabled: r.serviceMonitor },
    },
  };
}

/** What kubeseal looks for by default (`--controller-name`). */
export const SEALED_SECRETS_CONTROLLER_NAME = "sealed-secrets-controller";

/** Prefix the controller names keys it generates with; ours follow it. */
export const SEALING_KEY_PREFIX = "sealed-secrets-key";

/** The user the sealed-secrets image runs as (the chart's default). */
const SEALED_SECRETS_UID = 1001;

/** Settings of the Sealed Secrets release. */
export interface SealedSecretsValuesInput {
  /** `--key-renew-period`; "0" turns automatic renewal off. */
  keyRenewPeriod: string;
  /** Create a ServiceMonitor. */
  serviceMonitor: boolean;
  /** Requests and limits of the controller. */
  resources: ResourceSettings;
  /** `images.registryMirror`: the image is pulled through it when set. */
  registryMirror: RegistryMirror;
}

/**
 * Values of the sealed-secrets chart. The chart's contexts lack `allowPrivilegeEscalation: false` and a seccomp
 * profile (restricted requires both): the restricted contexts replace them whole.
 */
export function sealedSecretsValues(s: SealedSecretsValuesInput): HelmValues {
  return {
    fullnameOverride: SEALED_SECRETS_CONTROLLER_NAME,
    image: { registry: registryThrough("docker.io", s.registryMirror) },
    secretName: SEALING_KEY_PREFIX,
    keyrenewperiod: s.keyRenewPeriod,
    podSecurityContext: { enabled: true, ...restrictedPodSecurityContext(SEALED_SECRETS_UID) },
    containerSecurityContext: { enabled: true, ...restrictedContainerSecurityContext(SEALED_SECRETS_UID) },
    resources: containerResources(s.resources),
    metrics: { serviceMonitor: { enabled: s.serviceMonitor } },
    // The chart binds its service-proxy Role to every authenticated user (for `kubeseal --fetch-cert`); sealing here
    // is offline, with the certificate the stack exports (`kubeseal --cert`), so no such binding is created.
    rbac: { serviceProxier: { create: false } },
  };
}
