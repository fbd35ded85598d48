/** Chart values: hardened defaults first, the stack's overrides deep-merged over them (lists replace, never append). */
import deepmerge from "deepmerge";

/** A chart's values object. */
export type HelmValues = Record<string, unknown>;

/** Deep-merge user values over the hardened defaults. Arrays from the user replace the defaults' arrays. */
export function mergeValues(defaults: HelmValues, overrides: HelmValues | undefined): HelmValues {
  if (!overrides) return defaults;
  return deepmerge(defaults, overrides, { arrayMerge: (_target, source) => source });
}
