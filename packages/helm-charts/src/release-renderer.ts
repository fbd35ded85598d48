// Rendering releases with helm, once each: the one path the offline plan (--render-charts) and the policy pack (at
// preview) share. Helm is looked for once, each chart located once (a local chart repository, else `helm pull` from the
// release's repository or its mirror into a cache), and each (chart, version, release, namespace, values) rendered once.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { chartInFolder, ChartNotFoundError, pulledChart, type ChartRef } from "./chart-source";
import { findHelm, HelmNotFoundError, type HelmCli } from "./helm-cli";
import { renderRelease, RenderError, type ClusterCapabilities, type RenderedObject } from "./render";
import type { ReleaseInputs, ReleaseSpec } from "./release-inputs";
import { restoreUnknowns, valuesVariants } from "./unknown-values";

/** The path of a chart given as a local package (`./charts/x-1.0.0.tgz`, no repository), else undefined. */
export function localChartPackage(ref: ChartRef): string | undefined {
  return ref.repository === "" && /^(\/|\.\.?\/)/.test(ref.chart) ? ref.chart : undefined;
}

/** Where charts come from and what they are rendered against. */
export interface RendererOptions {
  /** A local chart repository (index.yaml) or folder of `<chart>-<version>.tgz`: charts come only from there. */
  chartsDir?: string;
  /** Without chartsDir: repository URL as releases name it -> the mirror to pull from. */
  repositoryMirrors?: Readonly<Record<string, string>>;
  /**
   * The project directory a release's local chart package path (`../shared/charts/velero-12.1.0.tgz`) is relative to;
   * the plan runs there. The pack does not know it: it finds such a package in chartsDir by its name and version.
   */
  projectDir?: string;
  /** Cache of pulled chart packages. */
  cacheDir: string;
  /** The cluster's capabilities (helm template --kube-version, --api-versions). */
  capabilities: ClusterCapabilities;
  /**
   * Kinds left out of the rendered objects, unparsed: the pack omits CustomResourceDefinitions, which no rule judges and
   * which are most of some charts' output (the plan keeps every object: it writes them to rendered.yaml).
   */
  omitKinds?: readonly string[];
  /** The Helm CLI, or how to find it (default: {@link findHelm} on the process environment). */
  helm?: HelmCli | (() => HelmCli);
}

/** What became of one release. */
export type ReleaseRendering =
  /** Rendered: one set of objects, or two when its values hold unknowns (see unknown-values.ts); the first has unknowns restored. */
  | { status: "rendered"; spec: ReleaseSpec; variants: RenderedObject[][]; unknownValues: string[] }
  /** Not rendered because inputs are unknown until the update (or a render with unknowns failed): nothing to judge yet. */
  | { status: "unknown"; release: string; unknown: string[]; detail?: string }
  /** Not rendered: helm or the chart is missing, or helm template failed; the message says what to install, pass or fix. */
  | { status: "failed"; release: string; problem: "helm" | "chart" | "render"; message: string };

type Memo<T> = { value: T } | { error: Error };

const remember = <T>(memo: Map<string, Memo<T>>, key: string, compute: () => T): T => {
  let found = memo.get(key);
  if (found === undefined) {
    try {
      found = { value: compute() };
    } catch (e) {
      found = { error: e as Error };
    }
    memo.set(key, found);
  }
  if ("error" in found) throw found.error;
  return found.value;
};

/** Renders releases with one helm, chart source and set of capabilities, each chart located and each release rendered once. */
export class ReleaseRenderer {
  private helmMemo?: Memo<HelmCli>;
  private readonly charts = new Map<string, Memo<string>>();
  private readonly renders = new Map<string, Memo<RenderedObject[]>>();
  /** How many times helm template ran (the cache's effect, for tests and measurements). */
  renderCount = 0;

  constructor(readonly options: RendererOptions) {}

  /** The Helm CLI. @throws {HelmNotFoundError} naming what to install. */
  helm(): HelmCli {
    if (this.helmMemo === undefined) {
      const { helm } = this.options;
      try {
        this.helmMemo = { value: helm === undefined ? findHelm() : typeof helm === "function" ? helm() : helm };
      } catch (e) {
        this.helmMemo = { error: e as Error };
      }
    }
    if ("error" in this.helmMemo) throw this.helmMemo.error;
    return this.helmMemo.value;
  }

  /** The local package of a chart. @throws {ChartNotFoundError} (or HelmNotFoundError when it must be pulled). */
  chartPath(ref: ChartRef): string {
    const { chartsDir, repositoryMirrors = {}, cacheDir } = this.options;
    return remember(this.charts, JSON.stringify([ref.repository, ref.chart, ref.version]), () => {
      const local = localChartPackage(ref);
      if (local !== undefined) return this.localPackage(local, ref.version);
      if (chartsDir !== undefined) return chartInFolder(ref, chartsDir);
      const mirror = repositoryMirrors[ref.repository] ?? repositoryMirrors[ref.repository.replace(/\/+$/, "")];
      return pulledChart({ ...ref, repository: mirror ?? ref.repository }, this.helm(), cacheDir);
    });
  }

  /** A release's local chart package: from the project directory, as an absolute path, or by its name in chartsDir. */
  private localPackage(local: string, version: string): string {
    const { chartsDir, projectDir } = this.options;
    if (projectDir !== undefined) {
      const file = path.resolve(projectDir, local);
      if (!fs.existsSync(file)) throw new ChartNotFoundError(`the release's chart package ${local} does not exist (relative to ${projectDir})`);
      return file;
    }
    if (path.isAbsolute(local) && fs.existsSync(local)) return local;
    const file = path.basename(local);
    const stem = file.replace(/\.tgz$/, "");
    const chart = stem.endsWith(`-${version}`) ? stem.slice(0, -(version.length + 1)) : stem;
    if (chartsDir !== undefined) return chartInFolder({ chart, version, repository: "" }, chartsDir);
    throw new ChartNotFoundError(
      `the release's chart is the local package ${local}, relative to a project folder the pack does not know; set chartsDir to the folder that holds ${file} (a chart repository or folder of packages)`,
    );
  }

  /** The objects of a release with fully known values. @throws HelmNotFoundError, ChartNotFoundError or RenderError. */
  render(spec: ReleaseSpec): RenderedObject[] {
    const chartPath = this.chartPath(spec);
    const key = createHash("sha256")
      .update(JSON.stringify([chartPath, spec.release, spec.namespace, spec.values, this.options.capabilities, this.options.omitKinds ?? []]))
      .digest("hex");
    return remember(this.renders, key, () => {
      this.renderCount++;
      const release = { name: spec.release, namespace: spec.namespace, chartPath, values: spec.values };
      return renderRelease(release, this.options.capabilities, this.helm(), new Set(this.options.omitKinds ?? []));
    });
  }

  /** What becomes of a release as its inputs declare it; never throws for a missing helm, chart or a failed render. */
  outcome(inputs: ReleaseInputs): ReleaseRendering {
    if ("unknownInputs" in inputs) return { status: "unknown", release: "", unknown: inputs.unknownInputs };
    const { spec, unknownValues } = inputs;
    try {
      if (unknownValues.length === 0) return { status: "rendered", spec, variants: [this.render(spec)], unknownValues };
      const [markers, nulls] = valuesVariants(spec.values);
      let variants: RenderedObject[][];
      try {
        variants = [restoreUnknowns(this.render({ ...spec, values: markers })), this.render({ ...spec, values: nulls })];
      } catch (e) {
        // A chart may refuse a stand-in where the real value will do (a schema, a `required`): judged at the update.
        if (e instanceof RenderError) return { status: "unknown", release: spec.release, unknown: unknownValues, detail: e.message };
        throw e;
      }
      return { status: "rendered", spec, variants, unknownValues };
    } catch (e) {
      const problem = e instanceof HelmNotFoundError ? "helm" : e instanceof ChartNotFoundError ? "chart" : e instanceof RenderError ? "render" : undefined;
      if (problem === undefined) throw e;
      return { status: "failed", release: spec.release, problem, message: (e as Error).message };
    }
  }
}

/**
 * Renders every release of the plan (values fully known). With a local charts folder every missing chart is named
 * before helm is even looked for. @throws HelmNotFoundError, ChartNotFoundError or RenderError naming what to install, pass or fix.
 */
export function renderReleaseSpecs(specs: readonly ReleaseSpec[], renderer: ReleaseRenderer): RenderedObject[][] {
  for (const spec of specs) if (renderer.options.chartsDir !== undefined || localChartPackage(spec) !== undefined) renderer.chartPath(spec);
  return specs.map((spec) => renderer.render(spec));
}
