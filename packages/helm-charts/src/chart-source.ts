// Where a pinned chart's package comes from: a local folder (a chart repository with index.yaml, as ../shared/charts,
// or plain <chart>-<version>.tgz files), else `helm pull` from the pinned repository into a cache.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { HelmCli } from "./helm-cli";

/** A chart as a release pins it. */
export interface ChartRef {
  /** Chart name in its repository. */
  chart: string;
  /** Exact version. */
  version: string;
  /** HTTPS repository URL, or an `oci://` reference. */
  repository: string;
}

/** The chart's package cannot be found. */
export class ChartNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChartNotFoundError";
  }
}

interface RepositoryIndex {
  entries?: Record<string, Array<{ version?: string; urls?: string[] }>>;
}

/** The package of `ref` in a local folder: the index.yaml entry when the folder is a repository, else `<chart>-<version>.tgz`. */
export function chartInFolder(ref: ChartRef, folder: string): string {
  const index = path.join(folder, "index.yaml");
  if (fs.existsSync(index)) {
    const entries = (parse(fs.readFileSync(index, "utf8")) as RepositoryIndex).entries?.[ref.chart] ?? [];
    const entry = entries.find((e) => e.version === ref.version);
    if (entry === undefined) {
      const versions = entries.map((e) => e.version).join(", ") || "none";
      throw new ChartNotFoundError(`chart ${ref.chart} ${ref.version} is not in the repository ${folder} (its versions of ${ref.chart}: ${versions})`);
    }
    const url = entry.urls?.[0];
    if (url === undefined || /^[a-z]+:\/\//.test(url)) {
      throw new ChartNotFoundError(`repository ${folder} lists ${ref.chart} ${ref.version} at ${url ?? "no URL"}, not as a file of the folder`);
    }
    return path.resolve(folder, url);
  }
  const file = path.join(folder, `${ref.chart}-${ref.version}.tgz`);
  if (!fs.existsSync(file)) throw new ChartNotFoundError(`no ${path.basename(file)} in ${folder} (and no index.yaml there)`);
  return path.resolve(file);
}

/** The package of `ref` pulled with helm from its repository into `cacheDir` (once per chart and version). */
export function pulledChart(ref: ChartRef, helm: HelmCli, cacheDir: string): string {
  const dir = path.join(cacheDir, "charts", encodeURIComponent(ref.repository));
  const file = path.join(dir, `${ref.chart}-${ref.version}.tgz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const oci = ref.repository.startsWith("oci://");
  const args = oci
    ? ["pull", `${ref.repository.replace(/\/$/, "")}/${ref.chart}`, "--version", ref.version, "--destination", dir]
    : ["pull", ref.chart, "--repo", ref.repository, "--version", ref.version, "--destination", dir];
  try {
    execFileSync(helm.path, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim() ?? String(e);
    throw new ChartNotFoundError(
      `helm pull ${ref.chart} ${ref.version} from ${ref.repository} failed (${stderr}); pass a local chart repository or folder of packages instead (--charts-dir, e.g. ../shared/charts)`,
    );
  }
  if (!fs.existsSync(file)) throw new ChartNotFoundError(`helm pull ${ref.chart} ${ref.version} wrote no ${path.basename(file)} into ${dir}`);
  return file;
}

/** Where to find chart packages: a local folder, or pulls into the tool cache. */
export interface ChartSource {
  /** Local chart repository (with index.yaml) or folder of `<chart>-<version>.tgz` packages. */
  chartsDir?: string;
  /** Cache of pulled packages (used without chartsDir). */
  cacheDir: string;
}

/** The local path of the chart package `ref`. */
export function locateChart(ref: ChartRef, source: ChartSource, helm: HelmCli): string {
  return source.chartsDir === undefined ? pulledChart(ref, helm, source.cacheDir) : chartInFolder(ref, source.chartsDir);
}
