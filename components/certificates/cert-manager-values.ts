/**
 * Hardened values of the cert-manager chart: CRDs through `crds.enabled` (the deprecated `installCRDs` is never set),
 * restricted security contexts for every component (controller, webhook, cainjector, startupapicheck), the
 * startup API check kept so the release is only ready once the webhook answers, and HA with PodDisruptionBudgets.
 */
import { registryThrough, type RegistryMirror } from "../../core/chart-images";
import type { HelmValues } from "../../core/helm-values";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../../core/security-context";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE } from "./names";

/** What the values depend on. */
export interface CertManagerValuesInput {
  /** Two replicas per long-running component, spread over nodes, each with a PodDisruptionBudget. */
  highAvailability: boolean;
  /** Create the chart's ServiceMonitor (prometheus-operator CRDs must exist). */
  serviceMonitor: boolean;
  /** `images.registryMirror`: every image is pulled through it when set. */
  registryMirror: RegistryMirror;
}

/** The chart's long-running components and the values key each lives under ("" = top level, the controller). */
export const CERT_MANAGER_COMPONENTS = { controller: "", webhook: "webhook", cainjector: "cainjector" } as const;

/** Requests and limits per component: small, so the namespace quota and LimitRange never surprise anyone. */
const resources = {
  controller: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  webhook: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
  cainjector: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  startupapicheck: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
} as const;

/** Spread replicas of one component over nodes (best effort, so a small cluster still schedules them). */
function spreadOverNodes(component: string) {
  return [
    {
      maxSkew: 1,
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { "app.kubernetes.io/instance": CERT_MANAGER_RELEASE, "app.kubernetes.io/component": component } },
    },
  ];
}

/** Values of one long-running component. */
function componentValues(component: keyof typeof CERT_MANAGER_COMPONENTS, ha: boolean): HelmValues {
  return {
    replicaCount: ha ? 2 : 1,
    // A PDB with one replica would block every node drain, so it comes with HA only.
    podDisruptionBudget: ha ? { enabled: true, minAvailable: 1 } : { enabled: false },
    securityContext: restrictedPodSecurityContext(),
    containerSecurityContext: restrictedContainerSecurityContext(),
    resources: resources[component],
    ...(ha ? { topologySpreadConstraints: spreadOverNodes(component) } : {}),
  };
}

/** The chart values; stack overrides (`charts.cert-manager.values`) are deep-merged over them by HardenedRelease. */
export function certManagerValues(input: CertManagerValuesInput): HelmValues {
  const ha = input.highAvailability;
  return {
    // One registry for every image the chart names, the ACME HTTP-01 solver's included (`<imageRegistry>/jetstack/…`).
    imageRegistry: registryThrough("quay.io", input.registryMirror),
    crds: { enabled: true, keep: true },
    global: {
      // Leader-election leases stay in cert-manager's own namespace instead of kube-system.
      leaderElection: { namespace: CERT_MANAGER_NAMESPACE },
    },
    // Deleting a Certificate deletes its Secret, so no private key outlives the certificate it belongs to.
    enableCertificateOwnerRef: true,
    ...componentValues("controller", ha),
    webhook: componentValues("webhook", ha),
    cainjector: { enabled: true, ...componentValues("cainjector", ha) },
    startupapicheck: {
      // Kept on purpose: the release is ready only when the webhook serves, so Issuers and Certificates created
      // right after it never fail with "failed calling webhook" on a fresh cluster.
      enabled: true,
      timeout: "5m",
      backoffLimit: 4,
      securityContext: restrictedPodSecurityContext(),
      containerSecurityContext: restrictedContainerSecurityContext(),
      resources: resources.startupapicheck,
    },
    prometheus: { enabled: true, servicemonitor: { enabled: input.serviceMonitor } },
  };
}
