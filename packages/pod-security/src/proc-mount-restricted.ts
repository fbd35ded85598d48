import { unmaskedProcMounts } from "./proc-mount";
import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";

/**
 * Restricted, since v1.35 ("/proc Mount Type", replaces baseline procMount): "The default /proc masks are set up
 * to reduce attack surface, and should be required." securityContext.procMount of every container must be
 * undefined/nil or Default, even when the pod runs in a user namespace (spec.hostUsers: false).
 */
export function procMountRestricted(pod: PodSpecView): Finding[] {
  return unmaskedProcMounts(pod, "remove securityContext.procMount or set it to Default (restricted allows no other value)");
}
