import type { PodSpecView } from "./pod-spec-view";
import type { Finding } from "./types";
import { fieldsOf, isSet, listOf } from "./unstructured";

/** Volume sources the restricted level allows (image was added in place at policy v1.0, in Kubernetes 1.33). */
export const RESTRICTED_ALLOWED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

const ALLOWED_LIST = [...RESTRICTED_ALLOWED_VOLUME_TYPES].join(", ");

/**
 * The source a volume uses, as the field name ("hostPath", "nfs", ...), when it is not an allowed one; undefined
 * when it is allowed. A volume with no source is allowed: the API server defaults it to emptyDir. Any source this
 * library does not know is reported by its field name, so a new or misspelt type fails closed.
 */
function restrictedSourceOf(volume: Readonly<Record<string, unknown>>): string | undefined {
  let restricted: string | undefined;
  for (const key of Object.keys(volume)) {
    if (key === "name" || !isSet(volume[key])) continue;
    if (RESTRICTED_ALLOWED_VOLUME_TYPES.has(key)) return undefined;
    restricted ??= key;
  }
  return restricted;
}

/**
 * Restricted, since v1.0 ("Volume Types", replaces baseline hostPathVolumes): "The Restricted policy only permits
 * the following volume types." spec.volumes[*] may use only configMap, csi, downwardAPI, emptyDir, ephemeral,
 * image, persistentVolumeClaim, projected or secret.
 */
export function restrictedVolumes(pod: PodSpecView): Finding[] {
  const findings: Finding[] = [];
  const volumes = listOf(pod.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const volume = fieldsOf(volumes[i]);
    const source = volume === undefined ? undefined : restrictedSourceOf(volume);
    if (volume !== undefined && source !== undefined) {
      findings.push({
        path: pod.path(`volumes[${i}].${source}`),
        message: `restricted volume types (volume "${String(volume.name ?? i)}" uses restricted volume type "${source}")`,
        fix: `replace the ${source} volume; restricted allows only ${ALLOWED_LIST} volumes`,
      });
    }
  }
  return findings;
}
