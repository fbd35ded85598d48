import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";

const HOST_NAMESPACE_FIELDS = [
  { field: "hostNetwork", fix: "remove hostNetwork (or set it to false); reach the pod through a Service, not the node's network" },
  { field: "hostPID", fix: "remove hostPID (or set it to false); the pod must not see the node's processes" },
  { field: "hostIPC", fix: "remove hostIPC (or set it to false); the pod must not share the node's IPC namespace" },
] as const;

/**
 * Baseline, since v1.0 ("Host Namespaces"): "Sharing the host namespaces must be disallowed."
 * spec.hostNetwork, spec.hostPID and spec.hostIPC must be undefined/nil or false.
 */
export function hostNamespaces(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const { field, fix } of HOST_NAMESPACE_FIELDS) {
    if (pod.spec[field] === true) {
      findings.push({ path: pod.path(field), message: `host namespaces (${field}=true)`, fix });
    }
  }
  return findings;
}
