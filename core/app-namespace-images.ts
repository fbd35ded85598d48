/**
 * The third-party images the platform itself runs in the namespaces opted in to image signature admission (the app
 * namespaces, the PCI zone among them): the mesh proxy Istio injects into every pod, the ACME HTTP-01 solver
 * cert-manager starts in the edge namespace, and Velero's image as the restore helper of restored pods. With
 * `scanning.signatures.unmatchedImages: deny`, each needs a ClusterImagePolicy of its own, or the platform would refuse
 * its own sidecars. Through `images.registryMirror` when set, as the charts pull them.
 */
import { repositoryThrough } from "./chart-images";
import type { PlatformConfig } from "./config/platform";

/** Istio's sidecar proxy, also its init container (`istio-init`, `istio-validation`). */
export const ISTIO_PROXY_IMAGE = "docker.io/istio/proxyv2";
/** cert-manager's ACME HTTP-01 solver (the chart's `acmesolver.image`, `<imageRegistry>/jetstack/...`). */
export const ACME_SOLVER_IMAGE = "quay.io/jetstack/cert-manager-acmesolver";
/** Velero's server image, also the restore helper init container it adds to pods restored from file-system backups. */
export const VELERO_SERVER_IMAGE = "docker.io/velero/velero";

/** The third-party images that run in app namespaces, by the name their signer is configured under. */
export type AppNamespaceImageName = "istio-proxy" | "cert-manager-acmesolver" | "velero";

/** A third-party image the platform runs in the app namespaces. */
export interface AppNamespaceImage {
  /** Its name (`scanning.signatures.thirdPartySigners.<name>`). */
  name: AppNamespaceImageName;
  /** Registry and repository, without tag, as pods reference it (through the mirror when set). */
  repository: string;
  /** What runs it there, for messages and the policy's description. */
  why: string;
}

/** The facts of other sections these images depend on: file-system backups (Velero's restore helper). */
export interface AppNamespaceImagesInput {
  backup?: { fileSystemBackup: boolean };
}

/** The third-party images this stack runs in its app namespaces. */
export function appNamespaceImages(c: Pick<PlatformConfig<unknown>, "features" | "mesh" | "images"> & AppNamespaceImagesInput): AppNamespaceImage[] {
  const mirror = c.images.registryMirror;
  const images: AppNamespaceImage[] = [];
  if (c.features.mesh) {
    images.push({
      name: "istio-proxy",
      repository: c.mesh.proxyImage ?? repositoryThrough(ISTIO_PROXY_IMAGE, mirror),
      why: "the Istio sidecar and its init container, injected into every pod of the mesh (features.mesh)",
    });
  }
  if (c.features.certificates) {
    images.push({
      name: "cert-manager-acmesolver",
      repository: repositoryThrough(ACME_SOLVER_IMAGE, mirror),
      why: "cert-manager's ACME HTTP-01 solver, started in the edge namespace for the public certificate (features.certificates)",
    });
  }
  if (c.features.backup && c.backup?.fileSystemBackup) {
    images.push({
      name: "velero",
      repository: repositoryThrough(VELERO_SERVER_IMAGE, mirror),
      why: "Velero's restore helper, the init container of pods restored from file-system backups (backup.fileSystemBackup)",
    });
  }
  return images;
}
