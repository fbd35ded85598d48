import type { PodSpecView } from "./pod-spec-view";
import { containerSeccompProfile, invalidContainerProfile, invalidPodProfile, podSeccompProfile, VALID_SECCOMP_TYPES } from "./seccomp";
import type { Finding } from "./types";

const FIELD_FIX = "set seccompProfile.type to RuntimeDefault or Localhost";

/**
 * Restricted, since v1.19 ("Seccomp", replaces seccompProfile_baseline): "Seccomp profile must be explicitly set to
 * one of the allowed values. Both the Unconfined profile and the absence of a profile are prohibited."
 * securityContext.seccompProfile.type must be RuntimeDefault or Localhost: a bad pod-level value fails even when
 * containers override it, and every container needs a valid profile of its own or from the pod.
 */
export function seccompRestrictedV1_19(pod: PodSpecView): Finding[] {
  const podProfile = podSeccompProfile(pod);
  const podCovers = podProfile !== undefined && VALID_SECCOMP_TYPES.has(podProfile.type);
  const findings = invalidPodProfile(pod, FIELD_FIX);
  for (const c of pod.allContainers()) {
    if (containerSeccompProfile(c) !== undefined) findings.push(...invalidContainerProfile(c, FIELD_FIX));
    else if (!podCovers) {
      findings.push({
        path: c.path("securityContext.seccompProfile.type"),
        message: `seccompProfile (pod or container "${c.name}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
        fix: "set spec.securityContext.seccompProfile.type: RuntimeDefault for the whole pod, or a RuntimeDefault/Localhost profile on the container",
      });
    }
  }
  return findings;
}

/** Restricted, since v1.25 ("Seccomp, Linux only"): as v1.19, but pods with spec.os.name "windows" are exempt. */
export function seccompRestrictedV1_25(pod: PodSpecView): Finding[] {
  return pod.isWindows ? [] : seccompRestrictedV1_19(pod);
}
