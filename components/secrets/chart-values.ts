/**
 * Hardened values of the three charts of the secrets layer: External Secrets Operator, stakater Reloader and
 * Sealed Secrets. Every pod and container they run gets the restricted security contexts, bounded resources,
 * and only the features this program uses.
 */
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

/** Settings of the ESO release. */
export interface OperatorValuesInput {
  /** Controller, webhook and cert-controller replicas. */
  replicas: number;
  /** Metrics Services and ServiceMonitors. */
  serviceMonitor: boolean;
  /** Requests and limits of every container. */
  resources: ResourceSettings;
}

/** Values of the external-secrets chart. */
export function externalSecretsValues(o: OperatorValuesInput): HelmValues {
  const pdb = { enabled: o.replicas > 1, minAvailable: 1 };
  const hardened = {
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
    serviceMonitor: { enabled: o.serviceMonitor },
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
}

/** The user the Reloader image runs as (the chart's default, nobody). */
const RELOADER_UID = 65534;

/** Values of the stakater reloader chart: reloads only what is annotated, never everything. */
export function reloaderValues(r: ReloaderValuesInput): HelmValues {
  return {
    reloader: {
      autoReloadAll: false,
      watchGlobally: true,
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
}

/**
 * Values of the sealed-secrets chart. The chart's contexts lack `allowPrivilegeEscalation: false` and a seccomp
 * profile (restricted requires both): the restricted contexts replace them whole.
 */
export function sealedSecretsValues(s: SealedSecretsValuesInput): HelmValues {
  return {
    fullnameOverride: SEALED_SECRETS_CONTROLLER_NAME,
    secretName: SEALING_KEY_PREFIX,
    keyrenewperiod: s.keyRenewPeriod,
    podSecurityContext: { enabled: true, ...restrictedPodSecurityContext(SEALED_SECRETS_UID) },
    containerSecurityContext: { enabled: true, ...restrictedContainerSecurityContext(SEALED_SECRETS_UID) },
    resources: containerResources(s.resources),
    metrics: { serviceMonitor: { enabled: s.serviceMonitor } },
  };
}
