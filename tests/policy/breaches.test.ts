// The deliberate-breach program (packages/policy-rules/examples: breaches.yaml and resources.json): the pack finds every breach
// and nothing it should not, and policy:check finds the same ones in the manifests.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { readManifests } from "@ecommerce-security/manifests";
import { checkManifestInputs, RELEASE_NOT_RENDERED_POLICY, RELEASE_RENDERED_POLICY } from "@ecommerce-security/policy-rules";
import { policies } from "../../policy/policies";
import { k8s, reportedBy, type FakeResource } from "../../cli/pack-engine";
import { BREACHING_RESOURCES, EXAMPLES_DIR } from "./fixtures/resources";

const BREACHES = path.join(EXAMPLES_DIR, "breaches.yaml");
const EXPECT = "policy-test.ecommerce.example.com/expect";

type ManifestFixture = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations: Record<string, string> };
};

const expectedRules = (annotation: string) =>
  annotation
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();

/**
 * The policies whose breaches the program declares: the rules. Not the remediations, nor the Helm rendering policies,
 * which judge nothing themselves (this offline suite has no helm, so they only note each release as not rendered;
 * release-rendering.test.ts covers them).
 */
const judgedHere = (name: string) => !name.startsWith("pss-remediate") && name !== RELEASE_RENDERED_POLICY && name !== RELEASE_NOT_RENDERED_POLICY;

describe("the deliberate-breach program", () => {
  const manifests = readManifests([BREACHES]).map((m) => m.object as ManifestFixture);
  const fakes: FakeResource[] = [...manifests.map(k8s), ...BREACHING_RESOURCES.map((b) => b.resource)];
  const expected = new Map<string, string[]>([
    ...manifests.map((m, i): [string, string[]] => [fakes[i].name, expectedRules(m.metadata.annotations[EXPECT])]),
    ...BREACHING_RESOURCES.map((b): [string, string[]] => [b.resource.name, [...b.expect].sort()]),
  ]);

  it("declares a breach of every rule of the pack", () => {
    const declared = new Set([...expected.values()].flat());
    assert.deepEqual(
      [...declared].sort(),
      policies
        .filter((p) => judgedHere(p.name))
        .map((p) => p.name)
        .sort(),
    );
  });

  it("the pack (as the engine calls it) reports exactly the declared rules for each resource", async () => {
    const found = new Map<string, Set<string>>(fakes.map((f) => [f.name, new Set()]));
    for (const policy of policies) {
      if (!judgedHere(policy.name)) continue;
      for (const r of await reportedBy(policy.name, fakes)) {
        assert.ok(r.resource !== undefined, `${policy.name} reported against the whole stack: ${r.message}`);
        found.get(r.resource)?.add(policy.name);
      }
    }
    for (const [name, rules] of expected) assert.deepEqual([...(found.get(name) ?? [])].sort(), rules, `resource ${name}`);
  });

  it("policy:check reports the same rules for each manifest", () => {
    const { findings, objectCount } = checkManifestInputs([BREACHES]);
    assert.equal(objectCount, manifests.length);
    for (const m of manifests) {
      const own = findings.filter(
        (f) => f.resource.kind === m.kind && f.resource.name === m.metadata.name && f.resource.namespace === (m.metadata.namespace ?? null),
      );
      assert.deepEqual([...new Set(own.map((f) => f.policy))].sort(), expectedRules(m.metadata.annotations[EXPECT]), `${m.kind} ${m.metadata.name}`);
    }
  });
});
