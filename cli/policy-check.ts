/**
 * `npm run policy:check -- [--json] [--level baseline|restricted] [--only <group>] [--config <file>] <file|dir|->...`
 *
 * Runs the policy pack's rules over plain Kubernetes manifests (multi-document YAML, JSON, Lists; `-` reads stdin),
 * so `helm template` output and third-party manifests are checked like the stack. Prints one line per finding
 * (resource, rule, level, path, message, fix) or, with --json, an array of findings.
 * Exit 0: no mandatory finding; 1: at least one; 2: unreadable input, bad configuration or bad usage.
 */
import * as fs from "node:fs";
import { ManifestReadError } from "@ecommerce-security/manifests";
import {
  checkManifestInputs,
  formatFinding,
  hasMandatory,
  POLICY_GROUPS,
  PolicyConfigError,
  summarize,
  type PackConfig,
  type PolicyGroup,
} from "@ecommerce-security/policy-rules";
import { loadCommander, parseArguments, runCommand } from "./args";

/** Where the command writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Text read for the `-` input. */
  readStdin?: () => string;
}

const LEVELS = ["baseline", "restricted"] as const;

interface Options {
  json?: boolean;
  level?: (typeof LEVELS)[number];
  only: PolicyGroup[];
  config?: string;
}

/** Reads a pack configuration file (JSON, the `--policy-pack-config` format). */
function readConfig(file: string): PackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ManifestReadError(file, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (error as Error).message);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected an object keyed by policy name");
    return parsed as PackConfig;
  } catch (error) {
    throw new ManifestReadError(file, `invalid policy configuration: ${(error as Error).message}`);
  }
}

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const { Command, Option, InvalidArgumentError } = await loadCommander();
  const collectGroup = (value: string, previous: PolicyGroup[]): PolicyGroup[] => {
    const groups = value.split(",").map((g) => g.trim());
    for (const group of groups) {
      if (!(POLICY_GROUPS as readonly string[]).includes(group)) {
        throw new InvalidArgumentError(`unknown group "${group}"; groups: ${POLICY_GROUPS.join(", ")}`);
      }
    }
    return [...previous, ...(groups as PolicyGroup[])];
  };
  const program = new Command()
    .name("policy:check")
    .description(
      "Check Kubernetes manifests against the policy pack's rules. Exit 0: no mandatory finding, 1: mandatory findings, 2: unreadable input or bad usage.",
    )
    .argument("<inputs...>", "manifest files, directories (walked for .yaml/.yml/.json) or - for stdin")
    .option("--json", "print an array of findings as JSON")
    .addOption(new Option("--level <level>", "Pod Security level for objects whose namespace the input does not declare").choices([...LEVELS]))
    .option("--only <group>", `run one group of rules (repeat or comma-separate for several): ${POLICY_GROUPS.join(", ")}`, collectGroup, [] as PolicyGroup[])
    .option("--config <file>", "policy pack configuration (JSON, as for pulumi --policy-pack-config): levels and rule properties");
  const usage = parseArguments(program, argv, 2, io);
  if (usage !== undefined) return usage;
  const options = program.opts<Options>();
  const inputs = program.args;
  try {
    const config = options.config === undefined ? {} : readConfig(options.config);
    const { findings, objectCount } = checkManifestInputs(inputs, { only: options.only, level: options.level, config, readStdin: io.readStdin });
    if (options.json) {
      io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
    } else {
      for (const finding of findings) io.stdout(`${formatFinding(finding)}\n`);
      io.stdout(`${summarize(findings, objectCount)}\n`);
    }
    return hasMandatory(findings) ? 1 : 0;
  } catch (error) {
    if (error instanceof ManifestReadError) {
      io.stderr(`policy:check: cannot read ${error.file}: ${error.reason}\n`);
      return 2;
    }
    if (error instanceof PolicyConfigError) {
      io.stderr(`policy:check: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  runCommand((args) => main(args, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }), { crashExitCode: 2 });
}
