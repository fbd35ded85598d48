/**
 * Where the deploy sequence keeps a stack's offline plan (`npm run plan -- --stack <s> --out plan-<s>`), and the two
 * parts of it the engine's policy pack reads: the pack bundled and the stack's pack configuration (its reviewed
 * exceptions and how charts render). The README's commands, the e2e run and the CI workflows all pass these.
 */

/** The plan's folder of the policy pack, bundled (JavaScript the engine loads without compiling). */
export const PLAN_POLICY_PACK = "policy-pack";

/** The plan's pack configuration file. */
export const PLAN_PACK_CONFIG = "policy-pack-config.json";

/** The folder the deploy sequence writes the stack's plan to (relative to the project directory). */
export function planFolder(stack: string): string {
  return `plan-${stack}`;
}

/** The pack and configuration of a plan folder, as `pulumi/actions` takes them (`policyPacks`, `policyPackConfigs`). */
export function planPolicyPack(folder: string): { pack: string; config: string } {
  return { pack: `${folder}/${PLAN_POLICY_PACK}`, config: `${folder}/${PLAN_PACK_CONFIG}` };
}

/** The pulumi arguments that run the stack's plan's pack with its configuration: what every preview and update passes. */
export function planPolicyPackArgs(stack: string): string[] {
  const { pack, config } = planPolicyPack(planFolder(stack));
  return ["--policy-pack", pack, "--policy-pack-config", config];
}
