import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, listOf } from "./unstructured";

/** The capabilities baseline lets a container add: exact, case-sensitive strings (v1.0, unchanged since). */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<unknown> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

const ALLOWED_LIST = [...BASELINE_ALLOWED_CAPABILITIES].join(", ");

/**
 * Baseline, since v1.0 ("Capabilities"): "Adding additional capabilities beyond those listed below must be
 * disallowed." securityContext.capabilities.add of every container may hold only AUDIT_WRITE, CHOWN,
 * DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.
 */
export function capabilitiesBaseline(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    const added = listOf(fieldsOf(c.securityContext?.capabilities)?.add);
    for (let i = 0; i < added.length; i++) {
      if (!BASELINE_ALLOWED_CAPABILITIES.has(added[i])) {
        findings.push({
          path: c.path(`securityContext.capabilities.add[${i}]`),
          message: `non-default capabilities (container "${c.name}" must not include "${String(added[i])}" in securityContext.capabilities.add)`,
          fix: `remove "${String(added[i])}" from capabilities.add; baseline allows adding only ${ALLOWED_LIST} (exact names, without CAP_)`,
        });
      }
    }
  }
  return findings;
}
