/**
 * Cross-checks on a configuration that has type errors, so one run reports every problem: the wrong values are taken
 * out (each is reported by the schema already), the rest is parsed, and every place a wrong value was taken from is
 * fenced off, so a check that reads one is skipped rather than judging a stand-in. A check that reads only what parsed
 * runs as usual: a dependency on an unknown service is reported in the same run as a bad cron expression.
 */
import type { z } from "zod";

/** A key path in the configuration: property names and array indexes. */
export type ConfigPath = ReadonlyArray<PropertyKey>;

/** Thrown by a fenced-off value when a check reads it: the check is skipped (its input is already reported as wrong). */
export class UncheckableValue extends Error {
  constructor(readonly path: ConfigPath) {
    super(`configuration value ${path.map(String).join(".")} is wrong and was not checked further`);
  }
}

/** The parse of a configuration with its wrong values taken out. */
export interface PartialParse<T> {
  /** What parsed once the wrong values were taken out (defaults filled where they were); sections in `unusable` are absent. */
  data: Partial<T>;
  /** Where a wrong value was taken out (the value, or the list or object holding it). */
  removed: ConfigPath[];
  /** Top-level keys whose section could not be repaired (a required value missing or wrong). */
  unusable: string[];
}

const maxRounds = 12;

/** Parses `input` after taking out every value `schema` refuses, for checks on what remains. */
export function parseWhatParses<T extends Record<string, unknown>>(schema: z.ZodObject, input: Record<string, unknown>): PartialParse<T> {
  const repaired = structuredClone(input);
  const removed: ConfigPath[] = [];
  const unusable = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    // A section that cannot be repaired is left out of the schema too (it may be required).
    const omit = Object.fromEntries([...unusable].filter((k) => k in schema.shape).map((k) => [k, true])) as Parameters<typeof schema.omit>[0];
    const result = (unusable.size > 0 ? schema.omit(omit) : schema).safeParse(withoutKeys(repaired, unusable));
    if (result.success) return { data: result.data as Partial<T>, removed, unusable: [...unusable] };
    for (const issue of result.error.issues) {
      const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const p of paths) {
        const taken = takeOut(repaired, p);
        if (taken) removed.push(taken);
        else if (p.length > 0) unusable.add(String(p[0]));
      }
    }
  }
  // Still refused after every round: nothing of what is left can be trusted.
  return { data: {}, removed, unusable: Object.keys(schema.shape) };
}

function withoutKeys(input: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k]) => !keys.has(k)));
}

/**
 * Deletes the value at `path`, or what holds it: an element's whole list (indexes would shift), the object around a
 * missing required value. Returns the path deleted, or undefined when only the whole section could go.
 */
function takeOut(root: Record<string, unknown>, path: ConfigPath): ConfigPath | undefined {
  const p = [...path];
  while (p.length > 1) {
    const last = p[p.length - 1];
    if (typeof last === "number") {
      p.pop();
      continue;
    }
    const parent = valueAt(root, p.slice(0, -1));
    if (parent && typeof parent === "object" && !Array.isArray(parent) && (last as string) in parent) {
      delete (parent as Record<PropertyKey, unknown>)[last];
      return p;
    }
    p.pop();
  }
  return undefined;
}

function valueAt(root: unknown, path: ConfigPath): unknown {
  let v = root;
  for (const part of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

/**
 * Fences off each path of `config`: reading it throws {@link UncheckableValue}. Where the path no longer exists (its
 * parent was taken out too), the nearest existing parent's entry is fenced.
 */
export function fenceOff(config: Record<string, unknown>, paths: readonly ConfigPath[]): void {
  const fenced: ConfigPath[] = [];
  // Shortest first: what lies under a fence is fenced with it (and reading through the fence would throw).
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    if (fenced.some((f) => f.every((part, i) => path[i] === part))) continue;
    fenced.push(path);
    let at = [...path];
    while (at.length > 1 && (valueAt(config, at.slice(0, -1)) === null || typeof valueAt(config, at.slice(0, -1)) !== "object")) at = at.slice(0, -1);
    const holder = valueAt(config, at.slice(0, -1)) as Record<PropertyKey, unknown>;
    Object.defineProperty(holder, at[at.length - 1], {
      configurable: true,
      enumerable: true,
      get() {
        throw new UncheckableValue(at);
      },
    });
  }
}

/** Whether `key` (a formatted issue key such as `services.a.ports[0]`) is `path` or lies under it. */
export function isAtOrUnder(key: string, path: ConfigPath): boolean {
  const prefix = path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
  return key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`);
}
