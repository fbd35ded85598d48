/**
 * Evaluate a rendered ValidatingAdmissionPolicy the way the API server does, with a CEL implementation
 * (@marcbachmann/cel-js): does it match the request (resource rules, operation, matchConditions), and which of its
 * validations refuse it. Only standard CEL is used by the program's policies, so what passes here passes there.
 */
import type { KubernetesObject } from "../../platform/offline/recorded-resource";

/** An admission request as the policy's CEL sees it. */
export interface AdmissionRequest {
  /** API group and plural resource (`cert-manager.io`, `certificates`). */
  group: string;
  resource: string;
  operation: "CREATE" | "UPDATE" | "DELETE";
  /** The object being written. */
  object: Record<string, unknown>;
  /** Who writes it (`request.userInfo`). */
  userInfo?: { username: string; groups?: string[] };
}

interface PolicySpec {
  matchConstraints: { resourceRules: Array<{ apiGroups: string[]; resources: string[]; operations: string[] }> };
  matchConditions?: Array<{ name: string; expression: string }>;
  validations: Array<{ expression: string; message: string }>;
}

type Evaluate = (expression: string, context: Record<string, unknown>) => unknown;
let evaluator: Promise<Evaluate> | undefined;
/** The library is ESM-only: loaded once, dynamically. */
function cel(): Promise<Evaluate> {
  evaluator ??= import("@marcbachmann/cel-js").then((m) => m.evaluate as Evaluate);
  return evaluator;
}

const matchesList = (list: string[], value: string) => list.includes("*") || list.includes(value);

/**
 * The messages of the validations that refuse the request, or undefined when the policy does not apply to it (another
 * resource or operation, or a matchCondition false). An empty list means admitted.
 */
export async function refusals(policy: KubernetesObject, request: AdmissionRequest): Promise<string[] | undefined> {
  const spec = policy.spec as PolicySpec;
  const evaluate = await cel();
  const matched = spec.matchConstraints.resourceRules.some(
    (r) => matchesList(r.apiGroups, request.group) && matchesList(r.resources, request.resource) && matchesList(r.operations, request.operation),
  );
  if (!matched) return undefined;
  const context = { object: request.object, request: { operation: request.operation, userInfo: request.userInfo ?? { username: "someone", groups: [] } } };
  for (const condition of spec.matchConditions ?? []) {
    if (evaluate(condition.expression, context) !== true) return undefined;
  }
  return spec.validations.filter((v) => evaluate(v.expression, context) !== true).map((v) => v.message);
}
