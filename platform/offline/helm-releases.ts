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
  ChartNotFoundError,
  localChartPackage,
  releaseFromInputs,
  ReleaseRenderer,
  renderReleaseSpecs,
  toolCacheDir,
  type ClusterCapabilities,
  type HelmCli,
  type ReleaseSpec,
  type RenderedObject,
} from "@ecommerce-security/helm-charts";
import type { ClusterConfig } from "../../core/config/cluster";
import { redactSecrets, type KubernetesObject, type RecordedResource } from "./recorded-resource";

/** The Pulumi type of a Helm release. */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** One release as the program declares it (its release name is the folder under `releases/`; values secrets redacted). */
export interface PlannedRelease extends ReleaseSpec {
  /** The Pulumi resource's logical name. */
  resourceName: string;
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
      // Read as the policy pack reads a Release at preview (offline, every input is known).
      const read = releaseFromInputs(inputs, r.name);
      if (!("spec" in read)) throw new Error(`release ${r.name}: ${read.unknownInputs.join(", ")} unknown in the offline run`);
      const options = Object.fromEntries(Object.entries(inputs).filter(([k]) => !NOT_OPTIONS.has(k) && !k.startsWith("__")));
      const { release, chart, repository, version, namespace, values } = read.spec;
      return { release, resourceName: r.name, chart, repository, version, namespace, values, options };
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
  // The renderer the policy pack renders with at preview. A release installed from a local package (charts.<release>.
  // repository a folder) names that file relative to the project directory the plan runs in; the others are looked up
  // in the charts folder (every chart before helm is even looked for), or pulled into the tool cache.
  const renderer = new ReleaseRenderer({
    chartsDir: rendering.chartsDir,
    projectDir: process.cwd(),
    cacheDir: toolCacheDir(),
    capabilities,
    helm: rendering.helm,
  });
  const objects = renderReleaseSpecs(releases, renderer);
  return releases.map((release, i) => ({ release, objects: objects[i] }));
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
