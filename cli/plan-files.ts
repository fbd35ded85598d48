/** Where the offline plan writes each object: one file per object, grouped by namespace, cluster-scoped apart. */
import type { KubernetesObject } from "../platform/offline/recorded-resource";

/**
 * The plan's folder of the policy pack, bundled from the same sources at the same moment as the report
 * (`pulumi preview --policy-pack <plan>/policy-pack`): JavaScript the engine loads without compiling, where the
 * TypeScript sources (`--policy-pack policy`) are type-checked by the SDK at every start of a new checkout.
 */
export const PLAN_POLICY_PACK = "policy-pack";

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
