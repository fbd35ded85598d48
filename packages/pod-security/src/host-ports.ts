import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, isSet, listOf } from "./unstructured";

/**
 * Baseline, since v1.0 ("Host Ports"): "HostPorts should be disallowed entirely (recommended) or restricted
 * to a known list." PSA disallows them entirely: ports[*].hostPort of every container must be undefined/nil or 0.
 */
export function hostPorts(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    const ports = listOf(c.raw.ports);
    for (let i = 0; i < ports.length; i++) {
      const hostPort = fieldsOf(ports[i])?.hostPort;
      if (isSet(hostPort) && hostPort !== 0) {
        findings.push({
          path: c.path(`ports[${i}].hostPort`),
          message: `hostPort (container "${c.name}" uses hostPort ${String(hostPort)})`,
          fix: "remove hostPort; expose the pod through a Service",
        });
      }
    }
  }
  return findings;
}
