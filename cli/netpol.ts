// `npm run netpol -- [--format connlist|json] <dir|file|->...`: prints the connections the NetworkPolicies in the
// given manifests allow between workloads and external address ranges.
// Exit codes: 0 printed; 2 unreadable input or invalid manifests (the message names the file and the reason).
import { ManifestReadError, readManifests } from "@ecommerce-security/manifests";
import { analyze, formatResult, NetpolInputError, OutputFormat, outputFormats } from "@ecommerce-security/netpol";
import { loadCommander, parseArguments, runCommand } from "./args";

async function main(argv: readonly string[]): Promise<number> {
  const { Command, Option } = await loadCommander();
  const program = new Command()
    .name("netpol")
    .description(
      "Print the connections allowed by Kubernetes NetworkPolicies between the workloads (Pods, Deployments, StatefulSets, " +
        "DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs) and external IPv4 ranges found in the manifests.",
    )
    .argument("<inputs...>", "manifest files, directories (searched recursively for .yaml/.yml/.json) or - for stdin")
    .addOption(new Option("-f, --format <format>", "output format").choices(outputFormats).default("connlist"))
    .option("-q, --quiet", "do not print warnings on stderr")
    .addHelpText(
      "after",
      [
        "",
        "Formats:",
        "  connlist  one line per allowed connection, `<src> => <dst> : <conn>`, sorted; the np-guard netpol-analyzer format",
        '  json      [{"src": "<peer>", "dst": "<peer>", "conn": {"TCP": [[from, to], ...], "UDP": [...], "SCTP": [...]}}, ...]',
        "",
        "Exit codes: 0 done, 2 unreadable input or invalid manifests.",
      ].join("\n"),
    );
  const usage = parseArguments(program, argv, 2);
  if (usage !== undefined) return usage;

  const options = program.opts<{ format: OutputFormat; quiet?: boolean }>();
  try {
    const result = analyze(readManifests(program.args));
    if (!options.quiet) for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(formatResult(result, options.format));
    return 0;
  } catch (error) {
    if (error instanceof ManifestReadError || error instanceof NetpolInputError) {
      process.stderr.write(`netpol: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

runCommand(main);
