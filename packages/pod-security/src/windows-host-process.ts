import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf } from "./unstructured";

const FIX = "remove securityContext.windowsOptions.hostProcess (or set it to false)";

/**
 * Baseline, since v1.0 ("HostProcess"): "Windows Pods offer the ability to run HostProcess containers which enables
 * privileged access to the Windows host machine. Privileged access to the host is disallowed in the Baseline policy."
 * securityContext.windowsOptions.hostProcess at pod and container level must be undefined/nil or false.
 */
export function windowsHostProcess(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  if (fieldsOf(pod.securityContext?.windowsOptions)?.hostProcess === true) {
    findings.push({
      path: pod.path("securityContext.windowsOptions.hostProcess"),
      message: "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)",
      fix: FIX,
    });
  }
  for (const c of pod.allContainers()) {
    if (fieldsOf(c.securityContext?.windowsOptions)?.hostProcess === true) {
      findings.push({
        path: c.path("securityContext.windowsOptions.hostProcess"),
        message: `hostProcess (container "${c.name}" must not set securityContext.windowsOptions.hostProcess=true)`,
        fix: FIX,
      });
    }
  }
  return findings;
}
