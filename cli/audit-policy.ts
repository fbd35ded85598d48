/**
 * Write (or with --check, verify) audit/audit-policy.yaml from components/audit: `npm run audit:policy [-- --check]`.
 * Exit 0 when written or up to date, 1 when --check finds the file stale, 2 on bad usage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AUDIT_POLICY_FILE, auditPolicyFile } from "../components/audit/render";
import { loadCommander, parseArguments, runCommand } from "./args";

async function main(args: readonly string[]): Promise<number> {
  const { Command } = await loadCommander();
  const program = new Command()
    .name("audit:policy")
    .description(`Write ${AUDIT_POLICY_FILE}, the Kubernetes audit policy generated from components/audit.`)
    .option("--check", "write nothing; exit 1 when the committed file differs from what would be written");
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const file = path.resolve(__dirname, "..", AUDIT_POLICY_FILE);
  const wanted = auditPolicyFile();
  if (program.opts<{ check?: boolean }>().check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== wanted) {
      console.error(`${AUDIT_POLICY_FILE} is stale: run npm run audit:policy`);
      return 1;
    }
    console.log(`${AUDIT_POLICY_FILE} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, wanted);
    console.log(`wrote ${AUDIT_POLICY_FILE}`);
  }
  return 0;
}

runCommand(main);
