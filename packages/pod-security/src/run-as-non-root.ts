import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { isSet } from "./unstructured";

/**
 * Restricted, since v1.0 ("Running as Non-root"): "Containers must be required to run as non-root users."
 * spec.securityContext.runAsNonRoot must be true, or every container must set securityContext.runAsNonRoot=true;
 * an explicit false fails at pod level (even when every container sets true) and at container level.
 */
export function runAsNonRootV1_0(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  const podValue = pod.securityContext?.runAsNonRoot;
  if (isSet(podValue) && podValue !== true) {
    findings.push({
      path: pod.path("securityContext.runAsNonRoot"),
      message: "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)",
      fix: "set spec.securityContext.runAsNonRoot: true and run the image as a non-zero UID",
    });
  }
  for (const c of pod.allContainers()) {
    const value = c.securityContext?.runAsNonRoot;
    if (isSet(value) && value !== true) {
      findings.push({
        path: c.path("securityContext.runAsNonRoot"),
        message: `runAsNonRoot != true (container "${c.name}" must not set securityContext.runAsNonRoot=false)`,
        fix: "set securityContext.runAsNonRoot: true on the container (or remove it and set it at pod level)",
      });
    } else if (!isSet(value) && podValue !== true) {
      findings.push({
        path: c.path("securityContext.runAsNonRoot"),
        message: `runAsNonRoot != true (pod or container "${c.name}" must set securityContext.runAsNonRoot=true)`,
        fix: "set spec.securityContext.runAsNonRoot: true for the whole pod, or securityContext.runAsNonRoot: true on the container",
      });
    }
  }
  return findings;
}

/**
 * Restricted, since v1.35 ("Running as Non-root"): as v1.0, but the control does not apply to a pod in a user
 * namespace (spec.hostUsers: false), whose root is not root on the host.
 */
export function runAsNonRootV1_35(pod: PodSpecView): Finding[] {
  return pod.inUserNamespace ? [] : runAsNonRootV1_0(pod);
}
