// Running rules over a resource set: the one code path behind policy:check, the offline plan's policy report,
// the benchmark and the tests (the CrossGuard pack calls `checkResource` per rule the same way).
import { configureRules, type ConfiguredRule, type PackConfig } from "./config";
import { PolicyContext } from "./context";
import { rulesOf } from "./rules";
import type { Finding, PolicyGroup, PolicyResource, PolicyRule, ReportedLevel } from "./types";

/** Options of {@link runPolicies}. */
export interface RunPoliciesOptions {
  /** Run only these groups (all when absent or empty). */
  only?: readonly PolicyGroup[];
  /** Pack configuration (the `--policy-pack-config` shape): levels and rule properties. */
  config?: PackConfig;
}

/** The findings of one rule over one resource, shaped for users. */
export function checkResource(rule: PolicyRule, config: object, level: ReportedLevel, resource: PolicyResource, context: PolicyContext): Finding[] {
  if (!rule.appliesTo(resource)) return [];
  return rule.check(resource, config, context).map((v) => ({
    policy: rule.name,
    enforcementLevel: level,
    resource: resource.ref,
    message: v.message,
    path: v.path,
    fix: v.fix,
  }));
}

/** Runs configured rules over a resource set, resource by resource in the set's order, rules in pack order. */
export function runConfiguredRules(rules: readonly ConfiguredRule[], resources: readonly PolicyResource[]): Finding[] {
  const context = new PolicyContext(resources);
  const active = rules.filter((r): r is ConfiguredRule & { level: ReportedLevel } => r.level !== "disabled");
  const findings: Finding[] = [];
  for (const resource of resources) {
    for (const { rule, config, level } of active) findings.push(...checkResource(rule, config, level, resource, context));
  }
  return findings;
}

/**
 * Runs the pack's rules (or some groups of them) over a resource set and returns every finding.
 * @throws {PolicyConfigError} when the configuration does not validate.
 */
export function runPolicies(resources: readonly PolicyResource[], options: RunPoliciesOptions = {}): Finding[] {
  return runConfiguredRules(configureRules(rulesOf(options.only), options.config), resources);
}

/** Whether any finding blocks (mandatory). */
export function hasMandatory(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.enforcementLevel === "mandatory");
}
