import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, listOf } from "./unstructured";

/**
 * Restricted, since v1.22 ("Capabilities", replaces capabilities_baseline): "Containers must drop ALL capabilities,
 * and are only permitted to add back the NET_BIND_SERVICE capability." securityContext.capabilities.drop of every
 * container must include "ALL"; securityContext.capabilities.add may hold only "NET_BIND_SERVICE".
 */
export function capabilitiesRestrictedV1_22(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    const capabilities = fieldsOf(c.securityContext?.capabilities);
    if (!listOf(capabilities?.drop).includes("ALL")) {
      findings.push({
        path: c.path("securityContext.capabilities.drop"),
        message: `unrestricted capabilities (container "${c.name}" must set securityContext.capabilities.drop=["ALL"])`,
        fix: 'set securityContext.capabilities.drop: ["ALL"] on the container',
      });
    }
    const added = listOf(capabilities?.add);
    for (let i = 0; i < added.length; i++) {
      if (added[i] !== "NET_BIND_SERVICE") {
        findings.push({
          path: c.path(`securityContext.capabilities.add[${i}]`),
          message: `unrestricted capabilities (container "${c.name}" must not include "${String(added[i])}" in securityContext.capabilities.add)`,
          fix: `remove "${String(added[i])}" from capabilities.add; restricted allows adding back only NET_BIND_SERVICE`,
        });
      }
    }
  }
  return findings;
}

/** Restricted, since v1.25 ("Capabilities, Linux only"): as v1.22, but pods with spec.os.name "windows" are exempt. */
export function capabilitiesRestrictedV1_25(pod: PodSpecView): Finding[] {
  return pod.isWindows ? [] : capabilitiesRestrictedV1_22(pod);
}
