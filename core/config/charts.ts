/** `charts`: per-release overrides of the pinned chart table (core/charts.ts) and user values deep-merged over the hardened defaults. */
import { z } from "zod";
import { chartNames, type ChartName } from "../charts";

/** A local folder of chart packages: an absolute path, or one relative to the project directory (`./`, `../`). */
const LOCAL_FOLDER = /^(\/|\.\.?\/)/;

const chartOverride = z.strictObject({
  /** Exact chart version; ranges are refused so a release never moves by itself. */
  version: z
    .string()
    .regex(/^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/, "must be an exact version such as 1.2.3")
    .optional(),
  /**
   * Chart repository URL (https:// or oci://), or a local folder holding the package `<chart>-<version>.tgz` (a path
   * starting with `/`, `./` or `../`, relative to the project directory): installed from that file, no network.
   */
  repository: z
    .union([z.url({ protocol: /^(https|oci)$/ }), z.string().regex(LOCAL_FOLDER)], {
      error: "must be an https:// or oci:// URL, or a local folder of chart packages (a path starting with /, ./ or ../)",
    })
    .optional(),
  /** Values deep-merged over the component's hardened defaults. */
  values: z.record(z.string(), z.unknown()).optional(),
  /**
   * Install without waiting for the release's workloads to become ready (and so without Helm's atomic rollback, which
   * needs that wait): for a cluster where nothing becomes ready, such as the e2e stack's API server without nodes.
   */
  skipAwait: z.boolean().optional(),
  /**
   * `false`: this stack does not install the release, nor the custom resources of its CRDs, as `features.helmReleases`
   * off does for every release (the e2e stack leaves out the charts whose admission webhooks cannot serve there).
   */
  install: z.boolean().optional(),
});

export const chartsSchema = z.partialRecord(z.enum(chartNames as [ChartName, ...ChartName[]]), chartOverride).default({});

export type ChartsConfig = z.infer<typeof chartsSchema>;

/** Whether `repository` is a local folder of chart packages rather than a URL. */
export function isLocalChartFolder(repository: string): boolean {
  return LOCAL_FOLDER.test(repository);
}

/**
 * Whether the stack installs the release of `chart`: Helm releases allowed (`features.helmReleases`, the helm
 * capability) and not turned off for that release (`charts.<release>.install: false`).
 */
export function installsRelease(c: { capabilities: { helm: boolean }; charts: ChartsConfig }, chart: ChartName): boolean {
  return c.capabilities.helm && c.charts[chart]?.install !== false;
}
