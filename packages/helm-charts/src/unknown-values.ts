// Rendering a release whose values are partly unknown (preview: an ARN, a bucket name, a generated password) without
// ever blaming a finding on an unknown. helm needs plain values, so each unknown is rendered twice over:
//  - as a marker string unique to it: wherever the marker reaches a rendered field, that field becomes unknown again,
//    and the rules treat it as they treat any unknown (no breach on what cannot be told);
//  - as null, which Helm reads as "unset" (falsy, and removing the chart's default).
// A finding that depends on an unknown through a template's condition (`if .Values.rbac.create`) shows in one render
// and not the other (a marker is truthy, null is not); only findings both renders give, the same way, are reported.
import { isUnknown, UNKNOWN } from "@ecommerce-security/policy-rules";

/** The prefix of the marker strings; a rendered string that contains one was computed from an unknown value. */
const MARKER = "ecommerce-security-unknown-value-";
const MARKER_PATTERN = new RegExp(`${MARKER}\\d+`);

/** The two sets of values a release with unknowns is rendered with: unknowns as markers, and unknowns as null. */
export function valuesVariants(values: Record<string, unknown>): [markers: Record<string, unknown>, nulls: Record<string, unknown>] {
  let next = 0;
  const replace = (node: unknown, as: "marker" | "null"): unknown => {
    if (isUnknown(node)) return as === "null" ? null : `${MARKER}${next++}`;
    if (Array.isArray(node)) return node.map((item) => replace(item, as));
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, replace(item, as)]));
  };
  const markers = replace(values, "marker") as Record<string, unknown>;
  return [markers, replace(values, "null") as Record<string, unknown>];
}

/** A rendered object with every string that holds a marker turned back into UNKNOWN (deep copy). */
export function restoreUnknowns<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return MARKER_PATTERN.test(node) ? UNKNOWN : node;
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
  };
  return walk(value) as T;
}
