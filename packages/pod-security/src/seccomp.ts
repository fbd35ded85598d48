// What the seccomp controls have in common.

/** Seccomp profile types that the standards accept. */
export const VALID_SECCOMP_TYPES: ReadonlySet<unknown> = new Set(["RuntimeDefault", "Localhost"]);

/** Annotation that set the pod's seccomp profile before the field existed (checked by policy v1.0-v1.18). */
export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
/** Prefix of the per-container seccomp annotation, followed by the container name. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
