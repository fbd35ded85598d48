// docs/policies.md is generated from the rules; it must match them (regenerate with `npm run docs:policies`).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ALL_RULES } from "../../lib/policy";
import { POLICIES_DOC, policiesDoc } from "../../scripts/docs-policies";

describe("docs/policies.md", () => {
  it("is up to date with the rules (run npm run docs:policies)", () => {
    assert.equal(fs.readFileSync(POLICIES_DOC, "utf8"), policiesDoc());
  });

  it("lists every rule with its group and default level", () => {
    const doc = policiesDoc();
    for (const rule of ALL_RULES) assert.ok(doc.includes(`| \`${rule.name}\` | ${rule.group} | ${rule.enforcementLevel} |`), rule.name);
  });
});
