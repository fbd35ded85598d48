/**
 * `npm run policy:check -- [--format text|json|sarif|junit] [--level baseline|restricted] [--namespace <ns>]
 *   [--only <group>] [--config <file>] <file|dir|->...`
 *
 * Runs the policy pack's rules over plain Kubernetes manifests (multi-document YAML, JSON, Lists; `-` reads stdin),
 * so `helm template` output and third-party manifests are checked like the stack, in CI or by hand. Each finding
 * names its file and line (and, for helm template output, the `# Source:` template). Text is the block Pulumi prints
 * for a policy violation; json, sarif (code scanning) and junit (CI test reports) are for machines.
 * Exit 0: no mandatory finding; 1: at least one; 2: an input could not be read (reported; the others are still
 * checked), bad configuration or bad usage.
 */
import * as fs from "node:fs";
import { ManifestReadError } from "@ecommerce-security/manifests";
import {
  checkManifestInputs,
  hasMandatory,
  POLICY_GROUPS,
  PolicyConfigError,
  rulesOf,
  type PackConfig,
  type PolicyGroup,
} from "@ecommerce-security/policy-rules";
import { PACK_NAME, PACK_VERSION } from "../policy/pack";
import { loadCommander, parseArguments, runCommand } from "./args";
import { junitReport } from "./findings-junit";
import { jsonReport, type PolicyCheckReport } from "./findings-report";
import { sarifReport } from "./findings-sarif";
import { textReport } from "./findings-text";

/** Where the command writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Text read for the `-` input. */
  readStdin?: () => string;
}

const LEVELS = ["baseline", "restricted"] as const;
const FORMATS = ["text", "json", "sarif", "junit"] as const;
type Format = (typeof FORMATS)[number];

const WRITERS: Record<Format, (report: PolicyCheckReport) => string> = { text: textReport, json: jsonReport, sarif: sarifReport, junit: junitReport };

interface Options {
  format: Format;
  json?: boolean;
  level?: (typeof LEVELS)[number];
  namespace?: string;
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
  const dnsLabel = (value: string): string => {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) throw new InvalidArgumentError("expected a namespace name (a DNS label)");
    return value;
  };
  const program = new Command()
    .name("policy:check")
    .description(
      "Check Kubernetes manifests against the policy pack's rules. Exit 0: no mandatory finding, 1: mandatory findings, 2: an unreadable input (the others are still checked), bad configuration or bad usage.",
    )
    .argument("<inputs...>", "manifest files, directories (walked for .yaml/.yml/.json) or - for stdin")
    .addOption(
      new Option("--format <format>", "output: text (Pulumi's violation blocks), json, sarif (code scanning) or junit (CI test report)")
        .choices([...FORMATS])
        .default("text"),
    )
    .option("--json", "same as --format json")
    .addOption(new Option("--level <level>", "Pod Security level for objects whose namespace the input does not declare").choices([...LEVELS]))
    .option("--namespace <namespace>", "namespace of the namespaced objects that name none (as kubectl apply --namespace)", dnsLabel)
    .option("--only <group>", `run one group of rules (repeat or comma-separate for several): ${POLICY_GROUPS.join(", ")}`, collectGroup, [] as PolicyGroup[])
    .option("--config <file>", "policy pack configuration (JSON, as for pulumi --policy-pack-config): levels and rule properties of any rule");
  const usage = parseArguments(program, argv, 2, io);
  if (usage !== undefined) return usage;
  const options = program.opts<Options>();
  const format: Format = options.json ? "json" : options.format;
  try {
    const config = options.config === undefined ? {} : readConfig(options.config);
    const result = checkManifestInputs(program.args, {
      only: options.only,
      level: options.level,
      namespace: options.namespace,
      config,
      readStdin: io.readStdin,
    });
    const report: PolicyCheckReport = { ...result, rules: rulesOf(options.only), pack: { name: PACK_NAME, version: PACK_VERSION } };
    io.stdout(WRITERS[format](report));
    for (const e of result.unreadable) io.stderr(`policy:check: cannot read ${e.file}: ${e.reason}\n`);
    if (result.unreadable.length > 0) return 2;
    return hasMandatory(result.findings) ? 1 : 0;
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
