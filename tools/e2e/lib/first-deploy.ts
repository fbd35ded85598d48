/**
 * The first deploy of a stack, as the README documents it ("Deploy a stack"): create or select the stack, set each
 * credential its configuration needs with `pulumi config set --secret`, write the offline plan (its
 * policy-pack-config.json holds the stack's reviewed exceptions, which the pack needs: the charts' privileges, Velero's
 * backup role, ...) and the pack itself, bundled, then preview and update with that pack and that configuration.
 * One list serves both: the e2e run executes it against the e2e stack, and a test checks that the README's block is
 * this list for the staging stack (tests/e2e-harness/first-deploy.test.ts).
 */
import { planFolder, planPolicyPackArgs } from "../../../core/plan-folder";
import type { SecretConfigKey } from "../../../core/config/secret-keys";

/** One command of the sequence. */
export interface DeployCommand {
  /** `npm` for the project's own scripts (the offline plan); `pulumi` when absent. */
  program?: "npm";
  /** Arguments of `pulumi` (or of `npm`). */
  args: string[];
  /** The credential the command sets: `pulumi config set --secret <key>` reads its value from standard input (or prompts). */
  secret?: SecretConfigKey;
}

/**
 * The sequence for `stack`, whose configuration needs the credentials `secrets`. With the stack file's
 * `secretsprovider` (staging and production name their KMS key), the stack is created with it: without the flag a
 * self-managed backend would create it with a passphrase and drop the file's provider. `planOptions` are added to the
 * plan command (the e2e run renders its charts from the local packages: `--render-charts --charts-dir ../shared/charts`,
 * so the pack must render them too).
 */
export function firstDeployCommands(
  stack: string,
  secrets: readonly SecretConfigKey[],
  secretsProvider?: string,
  planOptions: readonly string[] = [],
): DeployCommand[] {
  const pack = planPolicyPackArgs(stack);
  return [
    { args: ["stack", "select", "--create", stack, ...(secretsProvider ? ["--secrets-provider", secretsProvider] : [])] },
    ...secrets.map((key) => ({ args: ["config", "set", "--secret", key], secret: key })),
    { program: "npm", args: ["run", "plan", "--", "--stack", stack, "--out", planFolder(stack), ...planOptions] },
    { args: ["preview", ...pack] },
    { args: ["up", ...pack] },
  ];
}

/** The command as a user types it: an argument with characters a shell would interpret (`?` of a URL) in double quotes. */
export function commandLine(command: DeployCommand): string {
  return [command.program ?? "pulumi", ...command.args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg}"`)).join(" ");
}

/** The HTML comment that introduces the README's deploy block (the next fenced block after it). */
export const README_DEPLOY_MARKER = "<!-- first-deploy:";

/** The commands of the README's deploy block, as typed: its lines with comments and blank lines left out. */
export function readmeDeployCommands(readme: string): string[] {
  const start = readme.indexOf(README_DEPLOY_MARKER);
  if (start < 0) throw new Error(`the README has no ${README_DEPLOY_MARKER} ... --> marker before its deploy block`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error("no ```sh block follows the README's deploy marker");
  return block[1]
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/\s+/g, " "));
}
