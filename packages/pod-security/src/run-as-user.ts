import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";

const FIX = "set runAsUser to a non-zero UID, or remove it and rely on runAsNonRoot with a non-root image user";

/**
 * Restricted, since v1.23 ("Running as Non-root user"): "Containers must not set runAsUser to 0."
 * spec.securityContext.runAsUser and securityContext.runAsUser of every container must be undefined/nil or non-zero.
 */
export function runAsUserV1_23(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  if (pod.securityContext?.runAsUser === 0) {
    findings.push({ path: pod.path("securityContext.runAsUser"), message: "runAsUser=0 (pod must not set runAsUser=0)", fix: FIX });
  }
  for (const c of pod.allContainers()) {
    if (c.securityContext?.runAsUser === 0) {
      findings.push({
        path: c.path("securityContext.runAsUser"),
        message: `runAsUser=0 (container "${c.name}" must not set runAsUser=0)`,
        fix: FIX,
      });
    }
  }
  return findings;
}

/**
 * Restricted, since v1.35 ("Running as Non-root user"): as v1.23, but the control does not apply to a pod in a
 * user namespace (spec.hostUsers: false).
 */
export function runAsUserV1_35(pod: PodSpecView): Finding[] {
  return pod.inUserNamespace ? [] : runAsUserV1_23(pod);
}
