// Values the engine cannot know yet. During `pulumi preview` a property computed from another resource's output
// (an ID, an ARN, a generated name) reaches the policy pack as an "unknown" marker. A rule must never report a
// breach on such a value: it cannot tell. This module turns the engine's markers into one value rules can test
// for, and tells which field paths of a resource are unknown.

/** The value of a property that is not known yet (computed during preview). */
export const UNKNOWN: unique symbol = Symbol("unknown until the resource is created");

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/**
 * The sentinel strings the Pulumi engine and `@pulumi/policy` use for unknown booleans, numbers, strings, arrays,
 * assets, archives and objects (the wire protocol's `UnknownXxxValue` constants; `@pulumi/policy` keeps them
 * internal, so they are listed here).
 */
const ENGINE_UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** Whether a value is unknown: {@link UNKNOWN} or one of the engine's sentinel strings. */
export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || (typeof value === "string" && ENGINE_UNKNOWN_SENTINELS.has(value));
}

// `@pulumi/policy` hands props to policies wrapped in proxies (one throws on unknown values, one unwraps secrets).
// Both answer these two keys, which is how its own serializer reaches the plain object underneath.
const IS_PROXY = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain object under `@pulumi/policy`'s proxies (the value itself when it is not proxied). */
export function unproxied(value: unknown): unknown {
  let current = value;
  while (typeof current === "object" && current !== null && (current as Record<string, unknown>)[IS_PROXY] === true) {
    current = (current as Record<string, unknown>)[PROXY_TARGET];
  }
  return current;
}

/**
 * A plain copy of resource properties as the engine passed them, with every unknown marker replaced by
 * {@link UNKNOWN} and `undefined` entries dropped (the engine treats them as absent). Reading the copy never throws,
 * unlike the engine's proxy, so a rule can decide "cannot tell" itself. Values wrapped as `@pulumi/policy` secrets
 * are unwrapped (rules read them like any value; nothing is written back).
 */
export function fromEngine(value: unknown): unknown {
  const plain = unproxied(value);
  if (isUnknown(plain)) return UNKNOWN;
  if (Array.isArray(plain)) return plain.map((item) => fromEngine(item));
  if (typeof plain !== "object" || plain === null) return plain;
  // A `@pulumi/policy` Secret holds its plaintext in `value`; it is the only class instance props can contain
  // besides assets and archives, which rules never read.
  if (plain.constructor?.name === "Secret" && "value" in plain) return fromEngine((plain as { value: unknown }).value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(plain)) {
    if (item !== undefined) copy[key] = fromEngine(item);
  }
  return copy;
}

/** Appends `key` to a field path: `a.b` + `c` -> `a.b.c`, `a` + 0 -> `a[0]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Field paths (from `value`'s root, prefixed with `prefix`) of every unknown value inside `value`. */
export function unknownPaths(value: unknown, prefix = ""): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isUnknown(node)) {
      found.push(path);
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, childPath(path, index)));
    } else if (typeof node === "object" && node !== null) {
      for (const [key, item] of Object.entries(node)) walk(item, childPath(path, key));
    }
  };
  walk(value, prefix);
  return found;
}

/** Whether anything inside `value` is unknown (cheaper than {@link unknownPaths} when only the answer matters). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * A copy of `value` without its unknown values: object entries are dropped, list items become null (so the other
 * items keep their index and their field paths). Used to run an evaluator that knows nothing about unknowns over
 * what is known, before discarding what the unknowns could change.
 */
export function withoutUnknowns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (isUnknown(item) ? null : withoutUnknowns(item)));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isUnknown(item)) copy[key] = withoutUnknowns(item);
  }
  return copy;
}
