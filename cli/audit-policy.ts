/**
 * Write (or with --check, verify) audit/audit-policy.yaml from components/audit: `npm run audit:policy [-- --check]`.
 * Exit 0 when written or up to date, 1 when --check finds the file stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AUDIT_POLICY_FILE, auditPolicyFile } from "../components/audit/render";

const file = path.resolve(__dirname, "..", AUDIT_POLICY_FILE);
const wanted = auditPolicyFile();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (current !== wanted) {
    console.error(`${AUDIT_POLICY_FILE} is stale: run npm run audit:policy`);
    process.exit(1);
  }
  console.log(`${AUDIT_POLICY_FILE} is up to date`);
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, wanted);
  console.log(`wrote ${AUDIT_POLICY_FILE}`);
}
