import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf } from "./unstructured";

/** Prefix of the deprecated per-container AppArmor annotations, still checked by PSA. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

const ALLOWED_PROFILE_TYPES: ReadonlySet<unknown> = new Set(["RuntimeDefault", "Localhost"]);
const FIELD_FIX = "set appArmorProfile.type to RuntimeDefault or Localhost, or remove appArmorProfile";
const ANNOTATION_FIX = 'remove the annotation or set it to "runtime/default" or "localhost/<profile>" (prefer securityContext.appArmorProfile)';

function allowedAnnotationValue(value: unknown): boolean {
  return value === "" || value === "runtime/default" || (typeof value === "string" && value.startsWith("localhost/"));
}

/**
 * Baseline, since v1.0 ("AppArmor"): "On supported hosts, the RuntimeDefault AppArmor profile is applied by
 * default. The baseline policy should prevent overriding or disabling the default AppArmor profile, or restrict
 * overrides to an allowed set of profiles." securityContext.appArmorProfile.type at pod and container level must be
 * undefined/nil, RuntimeDefault or Localhost; annotations container.apparmor.security.beta.kubernetes.io/* must be
 * undefined/nil, "runtime/default" or "localhost/*". The field check was added (in place, at policy v1.0) in 1.30.
 */
export function appArmorProfile(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  const podProfile = fieldsOf(pod.securityContext?.appArmorProfile);
  if (podProfile !== undefined && !ALLOWED_PROFILE_TYPES.has(podProfile.type)) {
    findings.push({
      path: pod.path("securityContext.appArmorProfile.type"),
      message: `forbidden AppArmor profile (pod must not set AppArmor profile type to "${String(podProfile.type ?? "")}")`,
      fix: FIELD_FIX,
    });
  }
  for (const c of pod.allContainers()) {
    const profile = fieldsOf(c.securityContext?.appArmorProfile);
    if (profile !== undefined && !ALLOWED_PROFILE_TYPES.has(profile.type)) {
      findings.push({
        path: c.path("securityContext.appArmorProfile.type"),
        message: `forbidden AppArmor profile (container "${c.name}" must not set AppArmor profile type to "${String(profile.type ?? "")}")`,
        fix: FIELD_FIX,
      });
    }
  }
  if (pod.annotations !== undefined) {
    for (const key of Object.keys(pod.annotations)) {
      const value = pod.annotations[key];
      if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
        findings.push({
          path: pod.annotationPath(key),
          message: `forbidden AppArmor profile (annotation must not set AppArmor profile ${key}="${String(value)}")`,
          fix: ANNOTATION_FIX,
        });
      }
    }
  }
  return findings;
}
