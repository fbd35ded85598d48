// Running rules over a resource set: the one code path behind policy:check, the offline plan's policy report,
// the benchmark and the tests (the CrossGuard pack calls `checkResource` per rule the same way).
import { configureRules, type ConfiguredRule, type PackConfig } from "./config";
import { PolicyContext } from "./context";
import { applyExceptions, type ExceptedFinding, type StaleException } from "./exceptions";
import { rulesOf } from "./rules";
import type { Finding, PolicyGroup, PolicyResource, PolicyRule, ReportedLevel } from "./types";

/** Options of {@link runPolicies}. */
export interface RunPoliciesOptions {
  /** Run only these groups (all when absent or empty). */
  only?: readonly PolicyGroup[];
  /** Pack configuration (the `--policy-pack-config` shape): levels and rule properties. */
  config?: PackConfig;
}

/** What one rule says of one resource: the findings, and the breaches its own configuration excuses. */
export interface ResourceVerdict {
  /** Findings, shaped for users. */
  findings: Finding[];
  /** Breaches the rule's configuration exempts (a Pod Security workload exemption), with the reason. */
  exempted: ExceptedFinding[];
}

/** What one rule says of one resource, shaped for users. */
export function judgeResource(rule: PolicyRule, config: object, level: ReportedLevel, resource: PolicyResource, context: PolicyContext): ResourceVerdict {
  const verdict: ResourceVerdict = { findings: [], exempted: [] };
  judgeInto(rule, config, level, resource, context, verdict.findings, verdict.exempted);
  return verdict;
}

/** {@link judgeResource}, appending to the caller's lists (no allocation for the many rules that do not apply). */
function judgeInto(
  rule: PolicyRule,
  config: object,
  level: ReportedLevel,
  resource: PolicyResource,
  context: PolicyContext,
  findings: Finding[],
  exempted: ExceptedFinding[],
): void {
  if (!rule.appliesTo(resource)) return;
  const source = resource.source;
  for (const v of rule.check(resource, config, context)) {
    const finding: Finding = { policy: rule.name, enforcementLevel: level, resource: resource.ref, message: v.message, path: v.path, fix: v.fix };
    if (source !== undefined) {
      finding.location = {
        file: source.file,
        line: source.lineOf?.(v.path) ?? source.line,
        ...(source.template === undefined ? {} : { template: source.template }),
      };
    }
    if (v.exemptedBy === undefined) findings.push(finding);
    else exempted.push({ ...finding, reason: v.exemptedBy.reason, exemption: v.exemptedBy.key });
  }
}

/** The findings of one rule over one resource that its configuration does not exempt, shaped for users. */
export function checkResource(rule: PolicyRule, config: object, level: ReportedLevel, resource: PolicyResource, context: PolicyContext): Finding[] {
  return judgeResource(rule, config, level, resource, context).findings;
}

/** What a run of the pack found. */
export interface Evaluation {
  /** The findings that stand, resource by resource in the set's order, rules in pack order. */
  findings: Finding[];
  /** The findings a reviewed exception or a rule's own exemption covers, each with its reason. */
  excepted: ExceptedFinding[];
  /** Exceptions and exemptions that covered nothing. */
  stale: StaleException[];
}

/**
 * Runs configured rules over a resource set and applies each rule's reviewed exceptions. `judged` (default: the whole
 * set) are the resources judged; the whole set is their context (a chart's objects judged beside the stack's own).
 */
export function evaluateConfiguredRules(
  rules: readonly ConfiguredRule[],
  resources: readonly PolicyResource[],
  judged: readonly PolicyResource[] = resources,
): Evaluation {
  const context = new PolicyContext(resources);
  const active = rules.filter((r): r is ConfiguredRule & { level: ReportedLevel } => r.level !== "disabled");
  const raw: Finding[] = [];
  const exempted: ExceptedFinding[] = [];
  for (const resource of judged) {
    for (const { rule, config, level } of active) judgeInto(rule, config, level, resource, context, raw, exempted);
  }
  const evaluation: Evaluation = { findings: raw, excepted: [], stale: [] };
  const withExceptions = active.filter((r) => r.exceptions.length > 0);
  if (withExceptions.length > 0) {
    const byRule = new Map<string, Finding[]>();
    for (const f of raw) {
      const list = byRule.get(f.policy);
      if (list === undefined) byRule.set(f.policy, [f]);
      else list.push(f);
    }
    const covered = new Set<Finding>();
    for (const { rule, exceptions } of withExceptions) {
      const split = applyExceptions(rule.name, byRule.get(rule.name) ?? [], exceptions);
      evaluation.excepted.push(...split.excepted);
      evaluation.stale.push(...split.stale);
      for (const f of split.covered) covered.add(f);
    }
    evaluation.findings = raw.filter((f) => !covered.has(f));
  }
  evaluation.excepted.push(...exempted);
  evaluation.stale.push(...unusedExemptions(active, exempted));
  return evaluation;
}

/** The exemptions the rules' configurations declare that excused nothing, each once with the rules that declare it. */
function unusedExemptions(rules: readonly ConfiguredRule[], exempted: readonly ExceptedFinding[]): StaleException[] {
  const used = new Set(exempted.map((f) => f.exemption));
  const declared = new Map<string, StaleException>();
  for (const { rule, config } of rules) {
    for (const e of rule.declaredExemptions?.(config) ?? []) {
      if (used.has(e.key)) continue;
      const known = declared.get(e.key);
      if (known === undefined) declared.set(e.key, { policy: rule.name, resource: e.resource, reason: e.reason });
      else known.policy = `${known.policy}, ${rule.name}`;
    }
  }
  return [...declared.values()];
}

/** Runs configured rules over a resource set: the findings that stand after the reviewed exceptions. */
export function runConfiguredRules(rules: readonly ConfiguredRule[], resources: readonly PolicyResource[]): Finding[] {
  return evaluateConfiguredRules(rules, resources).findings;
}

/**
 * Runs the pack's rules (or some groups of them) over a resource set: findings, excepted findings, stale exceptions.
 * @throws {PolicyConfigError} when the configuration does not validate.
 */
export function evaluatePolicies(resources: readonly PolicyResource[], options: RunPoliciesOptions = {}): Evaluation {
  return evaluateConfiguredRules(configureGroups(options.only, options.config), resources);
}

/**
 * The rules of some groups (all when `groups` is undefined or empty), configured. The configuration is validated
 * against every rule of the pack, so one file serves every `--only` selection.
 * @throws {PolicyConfigError} when the configuration does not validate.
 */
export function configureGroups(groups: readonly PolicyGroup[] | undefined, packConfig: PackConfig = {}): ConfiguredRule[] {
  const selected = new Set(rulesOf(groups));
  return configureRules(rulesOf(), packConfig).filter((r) => selected.has(r.rule));
}

/**
 * Runs the pack's rules (or some groups of them) over a resource set and returns every finding.
 * @throws {PolicyConfigError} when the configuration does not validate.
 */
export function runPolicies(resources: readonly PolicyResource[], options: RunPoliciesOptions = {}): Finding[] {
  return evaluatePolicies(resources, options).findings;
}

/** Whether any finding blocks (mandatory). */
export function hasMandatory(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.enforcementLevel === "mandatory");
}
