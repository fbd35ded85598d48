import type { PodSpecView } from "./pod-spec-view";
import { invalidContainerProfile, invalidPodProfile, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION } from "./seccomp";
import type { Finding } from "./types";

const ANNOTATION_FIX = 'remove the annotation or set it to "runtime/default"; prefer securityContext.seccompProfile';
const FIELD_FIX = "set seccompProfile.type to RuntimeDefault or Localhost, or remove seccompProfile";

/**
 * Baseline, since v1.0 ("Seccomp"): "Seccomp profile must not be explicitly set to Unconfined." Before the
 * field existed, the annotations seccomp.security.alpha.kubernetes.io/pod and
 * container.seccomp.security.alpha.kubernetes.io/<container> must not be "unconfined".
 */
export function seccompBaselineV1_0(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  const annotations = pod.annotations;
  if (annotations === undefined) return findings;
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.allContainers().map((c) => SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name)];
  for (const key of keys) {
    if (annotations[key] === "unconfined") {
      findings.push({
        path: pod.annotationPath(key),
        message: `seccompProfile (forbidden annotation ${key}="unconfined")`,
        fix: ANNOTATION_FIX,
      });
    }
  }
  return findings;
}

/**
 * Baseline, since v1.19 ("Seccomp"): "Seccomp profile must not be explicitly set to Unconfined."
 * securityContext.seccompProfile.type at pod and container level, when set, must be RuntimeDefault or Localhost.
 * The annotations are no longer checked from this version.
 */
export function seccompBaselineV1_19(pod: PodSpecView): Finding[] {
  return [...invalidPodProfile(pod, FIELD_FIX), ...pod.allContainers().flatMap((c) => invalidContainerProfile(c, FIELD_FIX))];
}
