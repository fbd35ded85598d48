/**
 * The values maps the program sets keys inside that the pinned charts pass through whole: a chart's values.yaml
 * declares such a map empty (or with a few example keys) and its templates copy it into a manifest as it is
 * (`toYaml`), so the keys inside are Kubernetes' fields, not the chart's. Every other values path the program sets
 * must exist in the chart's values.yaml or values.schema.json (the chart suite checks each release against its
 * package): a typo, or a key a new chart version renamed, can then never be silently ignored by Helm.
 * Keys: chart, then the dotted values path of the map; values: why the chart passes it through.
 */
import type { ChartName } from "./charts";

const podContext = "a pod securityContext, copied whole into the pod spec";
const containerContext = "a container securityContext, copied whole into the container";
const resources = "container resources (requests and limits), copied whole into the container";

export const chartValuePassThrough: Record<ChartName, Record<string, string>> = {
  "cert-manager": {
    securityContext: `the controller's ${podContext}`,
    containerSecurityContext: `the controller's ${containerContext}`,
    resources: `the controller's ${resources}`,
    "webhook.securityContext": `the webhook's ${podContext}`,
    "webhook.containerSecurityContext": `the webhook's ${containerContext}`,
    "webhook.resources": `the webhook's ${resources}`,
    "cainjector.securityContext": `cainjector's ${podContext}`,
    "cainjector.containerSecurityContext": `cainjector's ${containerContext}`,
    "cainjector.resources": `cainjector's ${resources}`,
    "startupapicheck.securityContext": `the startup API check Job's ${podContext}`,
    "startupapicheck.containerSecurityContext": `the startup API check Job's ${containerContext}`,
    "startupapicheck.resources": `the startup API check Job's ${resources}`,
  },
  "external-secrets": {
    podSecurityContext: `the controller's ${podContext} (the chart drops its own \`enabled\` switch)`,
    securityContext: `the controller's ${containerContext} (the chart drops its own \`enabled\` switch)`,
    resources: `the controller's ${resources}`,
    "webhook.podSecurityContext": `the webhook's ${podContext}`,
    "webhook.securityContext": `the webhook's ${containerContext}`,
    "webhook.resources": `the webhook's ${resources}`,
    "certController.podSecurityContext": `the cert controller's ${podContext}`,
    "certController.securityContext": `the cert controller's ${containerContext}`,
    "certController.resources": `the cert controller's ${resources}`,
  },
  "trivy-operator": {
    podSecurityContext: `the operator's ${podContext}`,
    securityContext: `the operator's ${containerContext}`,
    resources: `the operator's ${resources}`,
    "trivyOperator.scanJobPodTemplatePodSecurityContext": "the scan jobs' pod securityContext, passed whole to the operator as JSON for the Jobs it creates",
    "trivyOperator.scanJobPodTemplateContainerSecurityContext":
      "the scan jobs' container securityContext, passed whole to the operator as JSON for the Jobs it creates",
    "operator.privateRegistryScanSecretsNames":
      "a map of namespace to pull-secret names, passed whole to the operator as JSON (OPERATOR_PRIVATE_REGISTRY_SCAN_SECRETS_NAMES)",
    "serviceMonitor.labels": "labels of the ServiceMonitor (the ones the Prometheus selects), copied whole into its metadata",
  },
  velero: {
    podSecurityContext: `the server's ${podContext}`,
    containerSecurityContext: `the server's and the CRD upgrade Job's ${containerContext}`,
    resources: `the server's ${resources}`,
    upgradeJobResources: `the CRD upgrade Job's ${resources}`,
    "kubectl.containerSecurityContext": `the kubectl hook Jobs' ${containerContext}`,
    "kubectl.resources": `the kubectl hook Jobs' ${resources}`,
    "kubectl.image": "the kubectl hooks' image: values.yaml sets only `repository` and documents `tag` and `digest` in comments, which the templates read",
    schedules: "schedules by name, each rendered into a Velero Schedule whose `template` is the Backup spec, copied whole",
    "metrics.serviceMonitor.additionalLabels": "labels of the ServiceMonitor (the ones the Prometheus selects), copied whole into its metadata",
  },
  "sealed-secrets": {
    podSecurityContext: `the controller's ${podContext} (the chart drops its own \`enabled\` switch)`,
    containerSecurityContext: `the controller's ${containerContext} (the chart drops its own \`enabled\` switch)`,
    resources: `the controller's ${resources}`,
  },
  reloader: {
    "reloader.deployment.securityContext": `Reloader's ${podContext}`,
    "reloader.deployment.containerSecurityContext": `Reloader's ${containerContext}`,
    "reloader.deployment.resources": `Reloader's ${resources}`,
  },
  "policy-controller": {
    // The chart's names are inverted: `securityContext` is the pod's, `podSecurityContext` the container's.
    "webhook.securityContext": `the webhook's ${podContext} (the chart drops its own \`enabled\` switch)`,
    "webhook.podSecurityContext": `the webhook's ${containerContext} (the chart drops its own \`enabled\` switch)`,
    "leasescleanup.podSecurityContext": `the lease-cleanup hook's ${containerContext} (the chart drops its own \`enabled\` switch)`,
    "webhook.configData": "entries of the config-policy-controller ConfigMap (`no-match-policy`), copied whole into its data",
  },
  // Every values path the registry concern sets is declared in Harbor's values.yaml.
  harbor: {},
};
