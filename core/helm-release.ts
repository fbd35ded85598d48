/**
 * HardenedRelease: a Helm release of one of the pinned charts (core/charts.ts), with hardened values
 * deep-merged with the stack's overrides (`charts.<release>.values`). Every release goes through here so the
 * pin, the repository and the merge rule live in one place.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartPins, type ChartName } from "./charts";
import { isLocalChartFolder, type ChartsConfig } from "./config/charts";
import { mergeValues, type HelmValues } from "./helm-values";

/** Arguments of {@link HardenedRelease}. */
export interface HardenedReleaseArgs {
  /** Which pinned chart. */
  chart: ChartName;
  /** Namespace the release installs into (must exist: pass its Namespace in `dependsOn`). */
  namespace: pulumi.Input<string>;
  /** Hardened default values of this component. */
  values: HelmValues;
  /** The stack's chart overrides (config `charts`). */
  overrides: ChartsConfig;
  /** Release name; defaults to the chart name. */
  releaseName?: string;
  /** Wait for every resource of the release to be ready (webhooks must be serving before CRs are created). */
  waitForReady?: boolean;
  /** Seconds to wait. */
  timeoutSeconds?: number;
}

/** The chart, repository and version a release uses after the stack's overrides. */
export function resolvedChart(chart: ChartName, overrides: ChartsConfig) {
  const pin = chartPins[chart];
  const o = overrides[chart];
  return { chart: pin.chart, repository: o?.repository ?? pin.repository, version: o?.version ?? pin.version };
}

/**
 * Where Helm finds the chart: a repository URL with the chart's name, or, for a local folder of packages
 * (`charts.<release>.repository: ../shared/charts`), the path of its package `<chart>-<version>.tgz` and no
 * repository. The path stays relative, as written, so that the state does not depend on where the project is checked
 * out (the provider runs in the project directory).
 */
export function chartSource(c: ReturnType<typeof resolvedChart>): { chart: string; repositoryOpts?: { repo: string } } {
  if (!isLocalChartFolder(c.repository)) return { chart: c.chart, repositoryOpts: { repo: c.repository } };
  // Concatenated, not path.join: `./charts` must stay `./charts/...`, which Helm and the pack read as a local path.
  return { chart: `${c.repository.replace(/\/+$/, "")}/${c.chart}-${c.version}.tgz` };
}

/** Create the Helm release. */
export function hardenedRelease(name: string, args: HardenedReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  const c = resolvedChart(args.chart, args.overrides);
  const skipAwait = args.overrides[args.chart]?.skipAwait ?? args.waitForReady === false;
  return new k8s.helm.v3.Release(
    name,
    {
      name: args.releaseName ?? args.chart,
      ...chartSource(c),
      version: c.version,
      namespace: args.namespace,
      createNamespace: false,
      values: mergeValues(args.values, args.overrides[args.chart]?.values),
      // Atomic implies Helm's wait: a release installed without waiting (charts.<release>.skipAwait) cannot roll back.
      atomic: !skipAwait,
      cleanupOnFail: true,
      skipAwait,
      timeout: args.timeoutSeconds ?? 600,
    },
    opts,
  );
}
