/**
 * The Helm releases of a stack as a pull-request reviewer needs them: `releases/<release>/release.yaml` (chart,
 * repository, version, namespace, values with secrets redacted, and every other Helm option the program sets), and
 * with chart rendering, `releases/<release>/rendered.yaml`: every object `helm template` makes of those values with
 * the cluster's capabilities. The rendered objects then join the policy report and the reachability analysis, so
 * what the charts put on the cluster is judged like the program's own objects.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import {
  chartInFolder,
  ChartNotFoundError,
  findHelm,
  localChartPackage,
  pulledChart,
  renderRelease,
  toolCacheDir,
  type ClusterCapabilities,
  type HelmCli,
  type RenderedObject,
} from "@ecommerce-security/helm-charts";
import type { ClusterConfig } from "../../core/config/cluster";
import { redactSecrets, type KubernetesObject, type RecordedResource } from "./recorded-resource";

/** The Pulumi type of a Helm release. */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** One release as the program declares it. */
export interface PlannedRelease {
  /** The Helm release name (`cert-manager`): the folder under `releases/`. */
  release: string;
  /** The Pulumi resource's logical name. */
  resourceName: string;
  chart: string;
  repository: string;
  version: string;
  namespace: string;
  /** Values, secrets redacted. */
  values: Record<string, unknown>;
  /** Every other option the program sets (atomic, timeout, skipAwait...). */
  options: Record<string, unknown>;
}

/**
 * Inputs that are not Helm options: the chart identity (written as their own keys), provider-internal fields, and
 * `compat`, which the SDK sets on every Release for the provider's wire format.
 */
const NOT_OPTIONS = new Set(["chart", "version", "repositoryOpts", "namespace", "values", "name", "compat"]);

/** The releases among the recorded resources, in registration order. */
export function plannedReleases(resources: readonly RecordedResource[]): PlannedRelease[] {
  return resources
    .filter((r) => r.custom && r.type === RELEASE_TYPE)
    .map((r) => {
      const inputs = redactSecrets(r.inputs, r.secretPaths);
      const repositoryOpts = (inputs.repositoryOpts ?? {}) as { repo?: string };
      const options = Object.fromEntries(Object.entries(inputs).filter(([k]) => !NOT_OPTIONS.has(k) && !k.startsWith("__")));
      return {
        release: String(inputs.name ?? r.name),
        resourceName: r.name,
        chart: String(inputs.chart),
        repository: String(repositoryOpts.repo ?? ""),
        version: String(inputs.version),
        namespace: String(inputs.namespace ?? "default"),
        values: (inputs.values ?? {}) as Record<string, unknown>,
        options,
      };
    });
}

/** `releases/<release>/release.yaml`: the top-level keys chart, repository, version, namespace, values, then the options. */
export function releaseYaml(r: PlannedRelease): string {
  const doc = { chart: r.chart, repository: r.repository, version: r.version, namespace: r.namespace, name: r.release, values: r.values, ...r.options };
  return stringify(doc, { lineWidth: 0, sortMapEntries: false });
}

/** How the plan renders charts. */
export interface ChartRendering {
  /** A local chart repository or folder of packages; without it, `helm pull` from each pinned repository into the tool cache. */
  chartsDir?: string;
  /** The Helm CLI (found on PATH or in the tool cache when absent). */
  helm?: HelmCli;
}

/**
 * The package file of a release installed from a local folder (core/helm-release.ts chartSource: no repository, the
 * chart a path to `<chart>-<version>.tgz`), resolved against the project directory; undefined for a repository chart.
 */
export function localPackageOf(release: Pick<PlannedRelease, "chart" | "repository" | "version">): string | undefined {
  const local = localChartPackage(release);
  if (local === undefined) return undefined;
  if (!fs.existsSync(local)) throw new ChartNotFoundError(`the release's chart package ${local} does not exist (relative to ${process.cwd()})`);
  return path.resolve(local);
}

/** One release with the objects its chart renders. */
export interface RenderedRelease {
  release: PlannedRelease;
  objects: RenderedObject[];
}

/** The capabilities a stack's charts are rendered against (config `cluster.kubernetesVersion`, `cluster.apiVersions`). */
export function clusterCapabilities(cluster: Pick<ClusterConfig, "kubernetesVersion" | "apiVersions">): ClusterCapabilities {
  return { kubernetesVersion: cluster.kubernetesVersion, apiVersions: cluster.apiVersions };
}

/**
 * Renders every release (values as the plan shows them: a secret value is rendered redacted, so rendered.yaml never
 * holds one). @throws HelmNotFoundError, ChartNotFoundError or RenderError naming what to install, pass or fix.
 */
export function renderReleases(releases: readonly PlannedRelease[], capabilities: ClusterCapabilities, rendering: ChartRendering): RenderedRelease[] {
  // A release installed from a local package (charts.<release>.repository a folder) names that file, relative to the
  // project directory the plan runs in; the others are looked up in the charts folder, or pulled.
  // A local charts folder needs no helm to be searched: every missing chart is named before helm is even looked for.
  const chartPaths = releases.map(
    (release) => localPackageOf(release) ?? (rendering.chartsDir === undefined ? undefined : chartInFolder(release, rendering.chartsDir)),
  );
  const helm = rendering.helm ?? findHelm();
  return releases.map((release, i) => {
    const chartPath = chartPaths[i] ?? pulledChart(release, helm, toolCacheDir());
    const objects = renderRelease({ name: release.release, namespace: release.namespace, chartPath, values: release.values }, capabilities, helm);
    return { release, objects };
  });
}

/** `releases/<release>/rendered.yaml`: the rendered objects, each under helm's `# Source:` line. */
export function renderedYaml(rendered: RenderedRelease): string {
  return rendered.objects.map((o) => `---\n# Source: ${o.source}\n${stringify(o.object, { lineWidth: 0 })}`).join("");
}

/** The rendered objects of every release, as Kubernetes objects. */
export function renderedObjects(rendered: readonly RenderedRelease[]): KubernetesObject[] {
  return rendered.flatMap((r) => r.objects.map((o) => o.object as KubernetesObject));
}

/** The plan files of the releases: release.yaml always, rendered.yaml when rendered. */
export function releasePlanFiles(releases: readonly PlannedRelease[], rendered: readonly RenderedRelease[] = []): Array<{ path: string; content: string }> {
  return [
    ...releases.map((r) => ({ path: `releases/${r.release}/release.yaml`, content: releaseYaml(r) })),
    ...rendered.map((r) => ({ path: `releases/${r.release.release}/rendered.yaml`, content: renderedYaml(r) })),
  ];
}
