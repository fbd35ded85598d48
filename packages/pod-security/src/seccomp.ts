// What the seccomp controls have in common.
import type { ContainerView, PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf } from "./unstructured";

/** Seccomp profile types that the standards accept. */
export const VALID_SECCOMP_TYPES: ReadonlySet<unknown> = new Set(["RuntimeDefault", "Localhost"]);

/** Annotation that set the pod's seccomp profile before the field existed (checked by policy v1.0-v1.18). */
export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
/** Prefix of the per-container seccomp annotation, followed by the container name. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** The profile set at pod level (`spec.securityContext.seccompProfile`), if any. */
export function podSeccompProfile(pod: PodSpecView) {
  return fieldsOf(pod.securityContext?.seccompProfile);
}

/** The profile set on a container, if any. */
export function containerSeccompProfile(container: ContainerView) {
  return fieldsOf(container.securityContext?.seccompProfile);
}

/** A finding (with the level's fix) for a pod-level profile whose type is set to something other than RuntimeDefault or Localhost. */
export function invalidPodProfile(pod: PodSpecView, fix: string): Finding[] {
  const profile = podSeccompProfile(pod);
  if (profile === undefined || VALID_SECCOMP_TYPES.has(profile.type)) return [];
  return [
    {
      path: pod.path("securityContext.seccompProfile.type"),
      message: `seccompProfile (pod must not set securityContext.seccompProfile.type to "${String(profile.type ?? "")}")`,
      fix,
    },
  ];
}

/** A finding (with the level's fix) for a container profile whose type is set to something other than RuntimeDefault or Localhost. */
export function invalidContainerProfile(container: ContainerView, fix: string): Finding[] {
  const profile = containerSeccompProfile(container);
  if (profile === undefined || VALID_SECCOMP_TYPES.has(profile.type)) return [];
  return [
    {
      path: container.path("securityContext.seccompProfile.type"),
      message: `seccompProfile (container "${container.name}" must not set securityContext.seccompProfile.type to "${String(profile.type ?? "")}")`,
      fix,
    },
  ];
}
