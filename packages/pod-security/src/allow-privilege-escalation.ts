import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";

/**
 * Restricted, since v1.8 ("Privilege Escalation"): "Privilege escalation (such as via set-user-ID or set-group-ID
 * file mode) should not be allowed." securityContext.allowPrivilegeEscalation of every container must be false.
 */
export function allowPrivilegeEscalationV1_8(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    if (c.securityContext?.allowPrivilegeEscalation !== false) {
      findings.push({
        path: c.path("securityContext.allowPrivilegeEscalation"),
        message: `allowPrivilegeEscalation != false (container "${c.name}" must set securityContext.allowPrivilegeEscalation=false)`,
        fix: "set securityContext.allowPrivilegeEscalation: false on the container",
      });
    }
  }
  return findings;
}

/** Restricted, since v1.25 ("Privilege Escalation, Linux only"): as v1.8, but pods with spec.os.name "windows" are exempt. */
export function allowPrivilegeEscalationV1_25(pod: PodSpecView): Finding[] {
  return pod.isWindows ? [] : allowPrivilegeEscalationV1_8(pod);
}
