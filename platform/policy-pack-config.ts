/**
 * The policy pack configuration a stack needs: the reviewed exceptions its present concerns declare, grouped under
 * each rule (the `--policy-pack-config` shape). The offline plan's report runs with it and the plan writes it as
 * policy-pack-config.json, so `pulumi preview --policy-pack policy --policy-pack-config <plan>/policy-pack-config.json`
 * judges the stack exactly as the report did.
 */
import type { PackConfig, PolicyException } from "@ecommerce-security/policy-rules";
import type { FeaturePolicyException } from "../core/feature";

/** Pack configuration of a stack's reviewed exceptions: `{ <rule>: { exceptions: [{ resource, reason }] } }`. */
export function policyPackConfig(exceptions: readonly FeaturePolicyException[]): PackConfig {
  const byRule: Record<string, { exceptions: PolicyException[] }> = {};
  for (const { rule, resource, reason } of exceptions) (byRule[rule] ??= { exceptions: [] }).exceptions.push({ resource, reason });
  return byRule;
}
