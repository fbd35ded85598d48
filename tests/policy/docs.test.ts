// docs/policies.md is generated from the rules; it must match them (regenerate with `npm run docs:policies`).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES } from "@ecommerce-security/policy-rules";
import { POLICIES_DOC, policiesDoc } from "../../cli/docs-policies";

describe("docs/policies.md", () => {
  it("is up to date with the rules (run npm run docs:policies)", () => {
    assert.equal(fs.readFileSync(POLICIES_DOC, "utf8"), policiesDoc());
  });

  it("lists every rule with its group and default level", () => {
    const doc = policiesDoc();
    for (const rule of ALL_RULES) assert.ok(doc.includes(`| \`${rule.name}\` | ${rule.group} | ${rule.enforcementLevel} |`), rule.name);
  });

  it('README.md\'s "Running the policy pack" lists every rule with its group and level', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Running the policy pack"));
    for (const rule of ALL_RULES) assert.ok(section.includes(`| \`${rule.name}\` | ${rule.group} | ${rule.enforcementLevel} |`), rule.name);
  });
});
