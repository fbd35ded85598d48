import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { isSet } from "./unstructured";

/** Lists containers whose securityContext.procMount is set to anything but Default, with the given fix. */
export function unmaskedProcMounts(pod: PodSpecView, fix: string): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    const procMount = c.securityContext?.procMount;
    if (isSet(procMount) && procMount !== "Default") {
      findings.push({
        path: c.path("securityContext.procMount"),
        message: `procMount (container "${c.name}" must not set securityContext.procMount to "${String(procMount)}")`,
        fix,
      });
    }
  }
  return findings;
}

/**
 * Baseline, since v1.0 ("/proc Mount Type"): "The default /proc masks are set up to reduce attack surface,
 * and should be required." securityContext.procMount of every container must be undefined/nil or Default.
 */
export function procMountV1_0(pod: PodSpecView): Finding[] {
  return unmaskedProcMounts(pod, "remove securityContext.procMount or set it to Default");
}

/**
 * Baseline, since v1.35 ("/proc Mount Type"): as v1.0, except that any value is allowed when the pod runs in a
 * user namespace (spec.hostUsers: false).
 */
export function procMountV1_35(pod: PodSpecView): Finding[] {
  if (pod.inUserNamespace) return [];
  return unmaskedProcMounts(pod, "remove securityContext.procMount or set it to Default (baseline allows other values only with spec.hostUsers: false)");
}
