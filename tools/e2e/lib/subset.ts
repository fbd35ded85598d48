/**
 * Does a live object carry everything the program declared? The API server adds defaults (protocol: TCP,
 * creationTimestamp, status, ...), so a declared object must be a subset of the live one, not equal to it.
 */

/** One difference: where, what the program declared, what the server has. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Every place where `expected` is not contained in `actual`. Objects: each declared key must match (an empty list or
 * map may be absent on the server, which omits them). Arrays: same
 * length, element by element (order is meaningful in Kubernetes lists such as rules and containers). Scalars:
 * equal, except that Kubernetes quantities compare by value ("1000m" equals "1", "1Gi" equals "1024Mi").
 */
export function subsetMismatches(expected: unknown, actual: unknown, path = ""): Mismatch[] {
  if (expected === undefined || expected === null) return [];
  // The API server omits empty lists and maps (omitempty): declaring [] or {} is the same as leaving the field out.
  if (actual === undefined && isEmpty(expected)) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((e, i) => subsetMismatches(e, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      subsetMismatches(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  if (expected === actual) return [];
  if (typeof expected === "string" && typeof actual === "string" && sameQuantity(expected, actual)) return [];
  if (typeof expected === "number" && typeof actual === "string" && sameQuantity(String(expected), actual)) return [];
  return [{ path, expected, actual }];
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}

const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a Kubernetes resource quantity ("500m", "2Gi", "1e3"), or undefined when it is not one. */
export function quantityValue(q: string): number | undefined {
  const m = /^([+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q);
  if (!m) return undefined;
  return Number(m[1]) * suffixes[m[2] ?? ""];
}

function sameQuantity(a: string, b: string): boolean {
  const x = quantityValue(a);
  const y = quantityValue(b);
  return x !== undefined && y !== undefined && Math.abs(x - y) <= Math.abs(x) * 1e-12;
}
