import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, isSet, listOf } from "./unstructured";

/**
 * Baseline, since v1.0 ("HostPath Volumes"): "HostPath volumes must be forbidden."
 * spec.volumes[*].hostPath must be undefined/nil.
 */
export function hostPathVolumes(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  const volumes = listOf(pod.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const volume = fieldsOf(volumes[i]);
    if (volume !== undefined && isSet(volume.hostPath)) {
      findings.push({
        path: pod.path(`volumes[${i}].hostPath`),
        message: `hostPath volumes (volume "${String(volume.name ?? i)}")`,
        fix: "replace the hostPath volume with a persistentVolumeClaim, emptyDir, configMap or secret volume",
      });
    }
  }
  return findings;
}
