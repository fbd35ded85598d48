// Finding the Helm CLI: an explicit path (ES_HELM), a helm 3.x on PATH, or the one tools/build-helm.sh caches.
// A missing helm is an error naming what to install; rendering never silently skips.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Helm is missing, or not a 3.x. */
export class HelmNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `${detail}. Rendering charts needs a Helm 3.x CLI: put one on PATH, set ES_HELM to its path, or build the pinned one from the Go module proxy with tools/build-helm.sh (cached in $ES_CACHE_DIR/bin).`,
    );
    this.name = "HelmNotFoundError";
  }
}

/** A usable Helm CLI. */
export interface HelmCli {
  /** Absolute path, or `helm` when found on PATH. */
  path: string;
  /** `v3.22.0`. */
  version: string;
}

/** The tool cache tools/build-helm.sh writes to. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ES_CACHE_DIR ?? path.join(os.homedir(), ".cache", "ecommerce-security");
}

/** The version a helm binary reports, or undefined when it cannot be run. */
function helmVersion(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["version", "--template", "{{.Version}}"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The Helm CLI to use: `ES_HELM` when set (it must work), else `helm` on PATH when it is 3.x, else the cached build.
 * @throws {HelmNotFoundError} naming what to install or build.
 */
export function findHelm(env: NodeJS.ProcessEnv = process.env): HelmCli {
  if (env.ES_HELM) {
    const version = helmVersion(env.ES_HELM);
    if (version === undefined) throw new HelmNotFoundError(`ES_HELM=${env.ES_HELM} cannot be run`);
    if (!version.startsWith("v3.")) throw new HelmNotFoundError(`ES_HELM=${env.ES_HELM} is Helm ${version}, not 3.x`);
    return { path: env.ES_HELM, version };
  }
  const onPath = helmVersion("helm");
  if (onPath?.startsWith("v3.")) return { path: "helm", version: onPath };
  const cached = path.join(toolCacheDir(env), "bin", "helm");
  const cachedVersion = fs.existsSync(cached) ? helmVersion(cached) : undefined;
  if (cachedVersion?.startsWith("v3.")) return { path: cached, version: cachedVersion };
  throw new HelmNotFoundError(onPath ? `helm on PATH is ${onPath}, not 3.x, and ${cached} does not exist` : `no helm on PATH and none at ${cached}`);
}
