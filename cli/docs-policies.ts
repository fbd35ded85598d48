/**
 * `npm run docs:policies`: writes docs/policies.md, the rule reference generated from packages/policy-rules/src/rules.ts
 * (names, groups, default levels, scopes, descriptions, configuration defaults, remediations).
 * tests/policy/docs.test.ts fails when the committed file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES, podSecurityRemediations, rulesMarkdown } from "@ecommerce-security/policy-rules";

/** Where the generated reference lives. */
export const POLICIES_DOC = path.resolve(__dirname, "..", "docs", "policies.md");

/** The content docs/policies.md must have. */
export function policiesDoc(): string {
  return rulesMarkdown(ALL_RULES, podSecurityRemediations);
}

if (require.main === module) {
  fs.writeFileSync(POLICIES_DOC, policiesDoc());
  console.log(`wrote ${path.relative(process.cwd(), POLICIES_DOC)} (${ALL_RULES.length} rules, ${podSecurityRemediations.length} remediations)`);
}
