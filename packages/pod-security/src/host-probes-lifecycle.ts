import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, isSet } from "./unstructured";

/** Every handler that may carry a host: probes and lifecycle hooks, each with httpGet and tcpSocket. */
const HOST_FIELDS: readonly (readonly string[])[] = [
  ["livenessProbe", "httpGet"],
  ["livenessProbe", "tcpSocket"],
  ["readinessProbe", "httpGet"],
  ["readinessProbe", "tcpSocket"],
  ["startupProbe", "httpGet"],
  ["startupProbe", "tcpSocket"],
  ["lifecycle", "postStart", "httpGet"],
  ["lifecycle", "postStart", "tcpSocket"],
  ["lifecycle", "preStop", "httpGet"],
  ["lifecycle", "preStop", "tcpSocket"],
];

/**
 * Baseline, since v1.34 ("Host Probes / Lifecycle Hooks"): "The Host field in probes and lifecycle hooks must be
 * disallowed." httpGet.host and tcpSocket.host of livenessProbe, readinessProbe, startupProbe, lifecycle.postStart
 * and lifecycle.preStop of every container must be undefined/nil or "".
 */
export function hostProbesAndHostLifecycle(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.allContainers()) {
    // Most containers set no probe and no hook: skip them without walking the table.
    if (c.raw.livenessProbe == null && c.raw.readinessProbe == null && c.raw.startupProbe == null && c.raw.lifecycle == null) {
      continue;
    }
    for (const fields of HOST_FIELDS) {
      let handler = fieldsOf(c.raw[fields[0]]);
      for (let i = 1; i < fields.length && handler !== undefined; i++) handler = fieldsOf(handler[fields[i]]);
      const host = handler?.host;
      if (isSet(host) && host !== "") {
        findings.push({
          path: c.path(`${fields.join(".")}.host`),
          message: `probe or lifecycle host (container "${c.name}" uses probe or lifecycle host "${String(host)}")`,
          fix: "remove host so the kubelet probes the pod's own IP; probe other endpoints from inside the container",
        });
      }
    }
  }
  return findings;
}
