import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";

/**
 * Baseline, since v1.0 ("Privileged Containers"): "Privileged Pods disable most security mechanisms and
 * must be disallowed." securityContext.privileged of every container must be undefined/nil or false.
 */
export function privileged(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    if (c.securityContext?.privileged === true) {
      findings.push({
        path: c.path("securityContext.privileged"),
        message: `privileged (container "${c.name}" must not set securityContext.privileged=true)`,
        fix: "remove securityContext.privileged (or set it to false); grant only the capabilities the container needs",
      });
    }
  }
  return findings;
}
