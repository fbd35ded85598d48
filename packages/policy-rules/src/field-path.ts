// Field paths as rules write them (`spec.containers[0].securityContext`, `metadata.annotations["a/b"]`): splitting
// them into segments and reading a value at a path.
import { isUnknown, UNKNOWN } from "./unknown";

/** One step of a field path: an object key or a list index. */
export type PathSegment = string | number;

const SEGMENT = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/** The segments of a field path: `a.b[0]["c/d"]` -> ["a", "b", 0, "c/d"]. */
export function pathSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(SEGMENT)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** Whether `path` is `prefix` or lies inside it (`a.b[0].c` is inside `a.b[0]`, `a.bc` is not inside `a.b`). */
export function isWithin(path: string, prefix: string): boolean {
  if (prefix === "") return true;
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * The value at a dotted path of an object (`values.webhook.securityContext`): undefined when a step is missing,
 * UNKNOWN when a step is unknown (so that the caller cannot mistake "not known yet" for "not set").
 */
export function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const segment of pathSegments(path)) {
    if (isUnknown(node)) return UNKNOWN;
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return isUnknown(node) ? UNKNOWN : node;
}
