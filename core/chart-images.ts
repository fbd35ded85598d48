/**
 * Where the charts' images come from. Without `images.registryMirror` each chart pulls from its upstream registry;
 * with it, every image goes through the mirror as `<mirror>/<upstream registry>/<repository>` (a Harbor proxy-cache
 * project per upstream registry, named after it). Each concern's values builder rewrites its chart's image values
 * through these helpers, so no chart image can bypass the mirror. Also the images a chart would otherwise leave
 * unpinned (its kubectl hooks take `latest-dev` or the cluster's reported version).
 */

/** `images.registryMirror` as the values builders take it: undefined pulls from upstream. */
export type RegistryMirror = string | undefined;

/** A chart `registry` value: the upstream registry host, or the mirror's project for it. */
export function registryThrough(upstreamRegistry: string, mirror: RegistryMirror): string {
  return mirror === undefined ? upstreamRegistry : `${mirror}/${upstreamRegistry}`;
}

/** A chart `repository` value that includes its registry (`ghcr.io/stakater/reloader`), through the mirror when set. */
export function repositoryThrough(upstreamRepository: string, mirror: RegistryMirror): string {
  return mirror === undefined ? upstreamRepository : `${mirror}/${upstreamRepository}`;
}

/** An image the program pins itself, split as charts take it. */
export interface PinnedImage {
  /** Registry and repository (`registry.k8s.io/kubectl`). */
  repository: string;
  /** Exact version tag. */
  tag: string;
}

/** The full reference of a pinned image, through the mirror when set. */
export function imageReference(image: PinnedImage, mirror: RegistryMirror): string {
  return `${repositoryThrough(image.repository, mirror)}:${image.tag}`;
}

/**
 * kubectl for the charts' hook jobs (Velero's CRD and namespace jobs, policy-controller's lease cleanup): the
 * Kubernetes project's image (Debian based, so it has the `/bin/sh` the hooks run), at exactly the cluster's
 * version (`cluster.kubernetesVersion`). The charts' own defaults are a moving `latest-dev` tag or the version the
 * API server reports, which on managed clusters (`v1.34.1-eks-…`) is no tag at all.
 */
export function kubectlImage(kubernetesVersion: string): PinnedImage {
  return { repository: "registry.k8s.io/kubectl", tag: kubernetesVersion.startsWith("v") ? kubernetesVersion : `v${kubernetesVersion}` };
}

/**
 * The allow-list entry of an image: its registry and the path of its repository up to its own name, ending in `/`
 * (`aquasec/trivy:0.67.2` is `docker.io/aquasec/`, Docker Hub's implied parts written out), the narrowest prefix
 * the policy pack's allow-list takes.
 */
export function imageRepositoryPrefix(image: string): string {
  const name = image.split("@")[0];
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const path = colon > lastSlash ? name.slice(0, colon) : name;
  const first = path.includes("/") ? path.slice(0, path.indexOf("/")) : "";
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const full = hasRegistry ? path : `docker.io/${path.includes("/") ? path : `library/${path}`}`;
  return `${full.slice(0, full.lastIndexOf("/"))}/`;
}
