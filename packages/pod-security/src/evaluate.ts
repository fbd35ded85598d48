// Entry points of the evaluator: any manifest, or a bare pod metadata + spec.
import { podTemplateOf } from "./pod-template";
import { PodSpecView } from "./pod-spec-view";
import { checksFor } from "./registry";
import type { PodSecurityLevel, PodSecurityViolation } from "./types";
import { policyMinor } from "./versions";

/** Options of an evaluation. */
export interface EvaluateOptions {
  /** Pod Security Standard level to enforce; "privileged" allows everything. */
  level: PodSecurityLevel;
  /** Policy version: "latest" (default) or "v1.N"; versions newer than the newest revision act as the newest. */
  version?: string;
}

/** Options of {@link evaluatePodSpec}. */
export interface EvaluatePodSpecOptions extends EvaluateOptions {
  /** Field path of the spec from the object root (default "spec"); the metadata path is derived from it. */
  pathPrefix?: string;
}

const LEVELS: ReadonlySet<unknown> = new Set(["privileged", "baseline", "restricted"]);

function assertLevel(level: unknown): void {
  if (!LEVELS.has(level)) {
    throw new Error(`invalid Pod Security Standards level ${JSON.stringify(level)}: expected "privileged", "baseline" or "restricted"`);
  }
}

/** Runs the checks of a level and version over a pod view. */
function evaluateView(view: PodSpecView, opts: EvaluateOptions): PodSecurityViolation[] {
  assertLevel(opts.level);
  const minor = policyMinor(opts.version);
  if (opts.level === "privileged") return [];
  const violations: PodSecurityViolation[] = [];
  for (const check of checksFor(opts.level, minor)) {
    const findings = check.run(view);
    for (const f of findings) {
      violations.push({ check: check.id, level: check.level, path: f.path, message: f.message, fix: f.fix });
    }
  }
  return violations;
}

/**
 * Evaluates any manifest against a Pod Security Standard level: Pods and every kind that carries a pod template.
 * Returns [] for objects without a pod spec and for level "privileged". version defaults to latest; accepts
 * "latest" and "v1.N".
 * @throws Error on an unknown level or a malformed version.
 */
export function evaluatePodSecurity(obj: unknown, opts: EvaluateOptions): PodSecurityViolation[] {
  const template = podTemplateOf(obj);
  if (template === undefined) {
    assertLevel(opts.level);
    policyMinor(opts.version);
    return [];
  }
  return evaluateView(new PodSpecView(template.metadata, template.spec, template.specPath, template.metadataPath), opts);
}

/**
 * Same as {@link evaluatePodSecurity} over a bare pod metadata + spec; paths start at `pathPrefix` (default "spec")
 * and the metadata path is derived from it (`spec.template.spec` -> `spec.template.metadata`).
 */
export function evaluatePodSpec(metadata: unknown, spec: unknown, opts: EvaluatePodSpecOptions): PodSecurityViolation[] {
  return evaluateView(new PodSpecView(metadata, spec, opts.pathPrefix ?? "spec"), opts);
}
