/** Where the offline plan writes each object: one file per object, grouped by namespace, cluster-scoped apart. */
import type { KubernetesObject } from "../platform/offline/recorded-resource";

/** Relative path of an object's YAML file in the plan folder. */
export function objectFilePath(obj: KubernetesObject): string {
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "core";
  const file = `${obj.kind.toLowerCase()}.${group}-${obj.metadata.name}.yaml`;
  return obj.metadata.namespace ? `namespaces/${obj.metadata.namespace}/${file}` : `cluster/${file}`;
}

/** Counts per resource type, sorted by type: the plan's summary. */
export function countByType(types: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
