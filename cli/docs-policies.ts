/**
 * `npm run docs:policies`: writes docs/policies.md, the rule reference generated from packages/policy-rules/src/rules.ts
 * (names, groups, default levels, scopes, descriptions, configuration) with, for every rule, what it reports on the
 * rules package's example set (packages/policy-rules/examples: the same deliberate breaches the tests check).
 * tests/policy/docs.test.ts fails when the committed file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readManifests } from "@ecommerce-security/manifests";
import {
  ALL_RULES,
  describeRef,
  evaluatePolicies,
  fromPulumiResource,
  manifestResource,
  podSecurityRemediations,
  rulesMarkdown,
  type RuleExample,
} from "@ecommerce-security/policy-rules";

/** Where the generated reference lives. */
export const POLICIES_DOC = path.resolve(__dirname, "..", "docs", "policies.md");

const REPOSITORY = path.resolve(__dirname, "..");
const EXAMPLES = path.join(REPOSITORY, "packages", "policy-rules", "examples");

/** The example of every rule: the first finding it reports on the example manifests, else on the example resources. */
export function ruleExamples(): Map<string, RuleExample> {
  const file = path.join(EXAMPLES, "breaches.yaml");
  const manifests = readManifests([file]);
  const resources = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "resources.json"), "utf8")) as Array<{
    resource: { type: string; name: string; props: Record<string, unknown> };
  }>;
  const manifestResources = manifests.map((m, i) => manifestResource(m, i));
  const others = resources.map((r) => fromPulumiResource(r.resource));
  const { findings } = evaluatePolicies([...manifestResources, ...others]);
  const examples = new Map<string, RuleExample>();
  const text = fs.readFileSync(file, "utf8").split("\n");
  for (const f of findings) {
    if (examples.has(f.policy)) continue;
    const index = manifestResources.findIndex((r) => r.ref === f.resource);
    if (index >= 0) {
      const location = manifests[index].location;
      if (location === undefined) continue;
      // The object's kind and name, then each parent of the field down to it.
      const lines = [...new Set([location.lineOf("kind"), location.lineOf("metadata"), location.lineOf("metadata.name"), ...location.linesOf(f.path)])].sort(
        (a, b) => a - b,
      );
      examples.set(f.policy, {
        where: `${path.relative(REPOSITORY, file)} line ${f.location?.line ?? location.line}, ${describeRef(f.resource)}`,
        snippet: lines.map((line) => text[line - 1]).join("\n"),
        language: "yaml",
        finding: f,
      });
    } else {
      const resource = resources.find((r) => r.resource.name === f.resource.name && r.resource.type === f.resource.kind);
      if (resource === undefined) continue;
      examples.set(f.policy, {
        where: `${path.relative(REPOSITORY, path.join(EXAMPLES, "resources.json"))}, ${describeRef(f.resource)}`,
        snippet: JSON.stringify({ type: resource.resource.type, props: resource.resource.props }, null, 2),
        language: "json",
        finding: f,
      });
    }
  }
  return examples;
}

/** The content docs/policies.md must have. */
export function policiesDoc(): string {
  return rulesMarkdown(ALL_RULES, podSecurityRemediations, ruleExamples());
}

if (require.main === module) {
  fs.writeFileSync(POLICIES_DOC, policiesDoc());
  console.log(`wrote ${path.relative(process.cwd(), POLICIES_DOC)} (${ALL_RULES.length} rules, ${podSecurityRemediations.length} remediations)`);
}
