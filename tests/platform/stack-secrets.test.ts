// The secrets story of the stack files: the repository ships no ciphertext and no encryption salt or key (nobody
// could decrypt what another team encrypted), each stack names the credentials its configuration needs, the program
// names each missing one with the command that sets it, and the offline run stands in for them, only ever as secrets.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { isMissingSecretIssue, secretConfigKeyNames, setSecretCommand } from "../../core/config/secret-keys";
import { parseStackConfig } from "../../platform/config/parse";
import { missingSecretKeys, requiredSecretKeys } from "../../platform/config/required-secrets";
import { repoRoot, stackNames } from "../../platform/offline/stack-file";
import { standInSecret, withSecrets, withStandInSecrets } from "../../platform/offline/stand-in-secrets";
import { readStackFile, realStacks, runStack } from "../harness";
import { configErrorOf } from "../harness/config";

/** The stacks whose files this repository ships: every one, so none carries a team's ciphertext. */
const shippedStacks = stackNames();
const stackFileText = (stack: string) => fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8");

/** Every value under a `secure:` key, anywhere in a parsed stack file. */
function secureValues(v: unknown): unknown[] {
  if (!v || typeof v !== "object") return [];
  if (!Array.isArray(v) && "secure" in v) return [(v as { secure: unknown }).secure];
  return Object.values(v).flatMap(secureValues);
}

/** The config of a stack file with every credential taken out (what a new team starts from). */
function withoutCredentials(stack: string) {
  const raw = readStackFile(stack);
  const credentials = new Set(secretConfigKeyNames.map((k) => `${raw.project}:${k}`));
  return { ...raw, values: Object.fromEntries(Object.entries(raw.values).filter(([k]) => !credentials.has(k))) };
}

describe("stack files and secrets", () => {
  it("there are stack files to check: staging, production and e2e", () => {
    assert.deepEqual(shippedStacks, ["e2e", "production", "staging"]);
  });

  for (const stack of shippedStacks) {
    it(`Pulumi.${stack}.yaml holds no secret and no encryption salt or key: each team's first deploy writes its own`, () => {
      const doc = parse(stackFileText(stack)) as Record<string, unknown>;
      for (const setting of ["encryptionsalt", "encryptedkey"]) assert.equal(doc[setting], undefined, `${setting} is committed`);
      // The provider may be named (the real stacks name their own KMS key, docs/ci.md), but only as a URL with no key material.
      if (doc.secretsprovider !== undefined) assert.match(String(doc.secretsprovider), /^awskms:\/\/alias\/[\w/-]+\?region=[a-z0-9-]+$/);
      assert.deepEqual(secureValues(doc.config), [], "secure: values are committed");
    });

    it(`Pulumi.${stack}.yaml names, in its header, each credential its configuration needs`, () => {
      const header = stackFileText(stack)
        .split("\n")
        .filter((l) => l.startsWith("#"))
        .join("\n");
      const required = requiredSecretKeys(readStackFile(stack));
      assert.ok(required.length > 0, `${stack} needs no credential: the deploy sequence would set none`);
      for (const key of required) assert.match(header, new RegExp(`\\b${key}\\b`), `the header does not name ${key}`);
    });
  }

  it("staging and production need the same credentials (the README's one sequence serves both)", () => {
    assert.deepEqual(requiredSecretKeys(readStackFile("production")), requiredSecretKeys(readStackFile("staging")));
  });

  it("without its credentials a stack is refused, each missing one named with the command that sets it, all at once", () => {
    const err = configErrorOf(() => parseStackConfig(withoutCredentials("staging")));
    const missing = err.issues.filter(isMissingSecretIssue);
    assert.deepEqual(
      missing.map((i) => i.key),
      missing.map((i) => i.missingSecret),
    );
    assert.deepEqual(missing.map((i) => i.missingSecret).sort(), requiredSecretKeys(readStackFile("staging")).sort());
    for (const key of requiredSecretKeys(readStackFile("staging"))) {
      assert.ok(err.message.includes(`Pulumi.staging.yaml: ecommerce-security:${key}: is required (as a secret) when `), key);
      assert.ok(err.message.includes(`run \`${setSecretCommand(key)}\``), `${key}: the message does not name \`${setSecretCommand(key)}\``);
    }
    assert.equal(setSecretCommand("elasticsearchPassword"), "pulumi config set --secret elasticsearchPassword");
  });

  it("a credential set with --secret satisfies the check; the others are still reported", () => {
    const raw = withSecrets(withoutCredentials("staging"), { elasticsearchPassword: "test-fixture-password" });
    assert.deepEqual(
      missingSecretKeys(raw),
      requiredSecretKeys(raw).filter((k) => k !== "elasticsearchPassword"),
    );
  });

  for (const stack of shippedStacks) {
    it(`${stack}: the offline run supplies a stand-in for exactly the credentials the stack needs, each marked secret`, () => {
      const raw = readStackFile(stack);
      assert.deepEqual(raw.standInSecrets, requiredSecretKeys(raw));
      for (const key of raw.standInSecrets) {
        assert.equal(raw.values[`${raw.project}:${key}`], standInSecret(key));
        assert.ok(raw.secretKeys.has(`${raw.project}:${key}`), `${key} is not marked secret`);
      }
      parseStackConfig(raw);
    });
  }

  it("a credential the file sets itself is kept, never replaced by a stand-in", () => {
    const raw = withStandInSecrets(withSecrets(withoutCredentials("staging"), { kibanaEncryptionKey: "v1:team-ciphertext-stays-as-it-is" }));
    assert.equal(raw.values["ecommerce-security:kibanaEncryptionKey"], "v1:team-ciphertext-stays-as-it-is");
    assert.ok(!raw.standInSecrets.includes("kibanaEncryptionKey"));
  });

  for (const stack of realStacks) {
    it(`${stack}: the stand-ins reach resources only as Pulumi secrets`, async () => {
      const run = await runStack(stack);
      const standIns = readStackFile(stack).standInSecrets.map(standInSecret);
      const leaks: string[] = [];
      let asSecrets = 0;
      for (const r of run.resources) {
        const secretAt = (at: string) => r.secretPaths.some((p) => p === "" || at === p || at.startsWith(`${p}.`) || at.startsWith(`${p}[`));
        const walk = (v: unknown, at: string): void => {
          if (typeof v === "string") {
            if (!standIns.some((s) => v.includes(s))) return;
            if (secretAt(at)) asSecrets++;
            else leaks.push(`${r.type} ${r.name}: ${at}`);
          } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
          else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
        };
        walk(r.inputs, "");
      }
      assert.ok(asSecrets > 0, "no stand-in reaches any resource: the check would prove nothing");
      assert.deepEqual(leaks, []);
    });
  }
});
