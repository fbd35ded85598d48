// Where the charts this program installs (core/charts.ts) take the security contexts of their pods from. A Helm
// Release hides its pods from CrossGuard; these value paths are what can be checked before the chart renders.
// Read from each chart's values.yaml and templates at the pinned versions; a chart not listed here is not judged.

/** One pod-running component of a chart and the values that shape its security contexts. */
export interface ChartComponent {
  /** The component, as named in messages (e.g. "webhook"). */
  name: string;
  /** Values path of the pod-level securityContext, when the chart exposes one. */
  pod?: string;
  /** Values path of the container-level securityContext. */
  container: string;
  /** Values path of a switch that turns the component on or off, and its default. */
  enabled?: { path: string; default: boolean };
  /** The contexts carry an `enabled` key: false renders no securityContext at all. */
  toggled?: boolean;
}

/** Security-context values per chart name. */
export const CHART_SECURITY_VALUES: Readonly<Record<string, readonly ChartComponent[]>> = {
  "cert-manager": [
    { name: "controller", pod: "securityContext", container: "containerSecurityContext" },
    { name: "webhook", pod: "webhook.securityContext", container: "webhook.containerSecurityContext" },
    {
      name: "cainjector",
      pod: "cainjector.securityContext",
      container: "cainjector.containerSecurityContext",
      enabled: { path: "cainjector.enabled", default: true },
    },
    {
      name: "startupapicheck",
      pod: "startupapicheck.securityContext",
      container: "startupapicheck.containerSecurityContext",
      enabled: { path: "startupapicheck.enabled", default: true },
    },
  ],
  "external-secrets": [
    { name: "controller", pod: "podSecurityContext", container: "securityContext", enabled: { path: "createOperator", default: true }, toggled: true },
    {
      name: "webhook",
      pod: "webhook.podSecurityContext",
      container: "webhook.securityContext",
      enabled: { path: "webhook.create", default: true },
      toggled: true,
    },
    {
      name: "cert-controller",
      pod: "certController.podSecurityContext",
      container: "certController.securityContext",
      enabled: { path: "certController.create", default: true },
      toggled: true,
    },
  ],
  "trivy-operator": [
    { name: "operator", pod: "podSecurityContext", container: "securityContext" },
    { name: "scan jobs", pod: "trivyOperator.scanJobPodTemplatePodSecurityContext", container: "trivyOperator.scanJobPodTemplateContainerSecurityContext" },
  ],
  velero: [
    { name: "server", pod: "podSecurityContext", container: "containerSecurityContext" },
    {
      name: "node-agent",
      pod: "nodeAgent.podSecurityContext",
      container: "nodeAgent.containerSecurityContext",
      enabled: { path: "deployNodeAgent", default: false },
    },
  ],
  "sealed-secrets": [{ name: "controller", pod: "podSecurityContext", container: "containerSecurityContext", toggled: true }],
  reloader: [{ name: "reloader", pod: "reloader.deployment.securityContext", container: "reloader.deployment.containerSecurityContext" }],
  // The policy-controller chart names them the other way round: webhook.podSecurityContext is rendered as the
  // container's securityContext and webhook.securityContext as the pod's.
  "policy-controller": [{ name: "webhook", pod: "webhook.securityContext", container: "webhook.podSecurityContext", toggled: true }],
  // Harbor takes one container securityContext for every component's containers; each component's pod-level context
  // (its numeric user and fsGroup) is written in the chart's templates, not in values.
  harbor: [{ name: "every component", container: "containerSecurityContext" }],
};
