/**
 * Pinned Helm charts: the one table of chart names, repositories and versions this program installs.
 * A stack may override a version (`charts.<release>.version`) or, with care, the repository;
 * every other component reads its chart from here so an upgrade is one change in one place.
 */
export interface ChartPin {
  /** Chart name inside the repository. */
  chart: string;
  /** HTTPS repository URL (or OCI reference) the chart is fetched from. */
  repository: string;
  /** Exact chart version; never a range. */
  version: string;
}

export const chartPins = {
  "external-secrets": { chart: "external-secrets", repository: "https://charts.external-secrets.io", version: "2.9.0" },
  "cert-manager": { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.21.1" },
  "trivy-operator": { chart: "trivy-operator", repository: "https://aquasecurity.github.io/helm-charts", version: "0.34.0" },
  velero: { chart: "velero", repository: "https://vmware-tanzu.github.io/helm-charts", version: "12.1.0" },
  "sealed-secrets": { chart: "sealed-secrets", repository: "https://bitnami-labs.github.io/sealed-secrets", version: "2.18.5" },
  reloader: { chart: "reloader", repository: "https://stakater.github.io/stakater-charts", version: "2.2.16" },
  "policy-controller": { chart: "policy-controller", repository: "https://sigstore.github.io/helm-charts", version: "0.10.6" },
  harbor: { chart: "harbor", repository: "https://helm.goharbor.io", version: "1.19.1" },
} as const satisfies Record<string, ChartPin>;

/** The releases this program can install. */
export type ChartName = keyof typeof chartPins;
export const chartNames = Object.keys(chartPins) as ChartName[];
