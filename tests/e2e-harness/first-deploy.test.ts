// The README's first deploy is the sequence the real-engine run executes (tools/e2e/lib/first-deploy.ts): the same
// commands, for the staging stack and the credentials its configuration needs.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { secretConfigKeyNames } from "../../core/config/secret-keys";
import { requiredSecretKeys } from "../../platform/config/required-secrets";
import { repoRoot, stackSecretsProvider } from "../../platform/offline/stack-file";
import { commandLine, firstDeployCommands, readmeDeployCommands } from "../../tools/e2e/lib/first-deploy";
import { readStackFile } from "../harness";

const readme = () => fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");

describe("the README's first deploy", () => {
  it("its command block is the sequence npm run test:e2e runs, for staging", () => {
    const expected = firstDeployCommands("staging", requiredSecretKeys(readStackFile("staging")), stackSecretsProvider("staging")).map(commandLine);
    assert.equal(expected[0], 'pulumi stack select --create staging --secrets-provider "awskms://alias/ecommerce-security-staging?region=eu-west-1"');
    assert.deepEqual(readmeDeployCommands(readme()), expected);
  });

  it("the sequence creates or selects the stack, sets each credential as a secret, writes the plan, and previews and updates with the plan's bundled pack and pack configuration", () => {
    const lines = firstDeployCommands("e2e", requiredSecretKeys(readStackFile("e2e")), undefined, ["--render-charts"]).map(commandLine);
    assert.equal(lines[0], "pulumi stack select --create e2e");
    assert.deepEqual(lines.slice(-3), [
      "npm run plan -- --stack e2e --out plan-e2e --render-charts",
      "pulumi preview --policy-pack plan-e2e/policy-pack --policy-pack-config plan-e2e/policy-pack-config.json",
      "pulumi up --policy-pack plan-e2e/policy-pack --policy-pack-config plan-e2e/policy-pack-config.json",
    ]);
    assert.deepEqual(
      lines.slice(1, -3),
      ["alertmanagerSmtpPassword", "alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"].map((k) => `pulumi config set --secret ${k}`),
    );
  });

  it("the README's secrets table marks required exactly the credentials staging and production need", () => {
    const rows = [...readme().matchAll(/^\| `([A-Za-z]+)` \| [^|]+ \| (required|optional) \|$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(rows.map(([key]) => key).sort(), [...secretConfigKeyNames].sort(), "one row per credential");
    const required = rows.filter(([, need]) => need === "required").map(([key]) => key);
    for (const stack of ["staging", "production"]) assert.deepEqual(required.sort(), [...requiredSecretKeys(readStackFile(stack))].sort(), stack);
  });

  it("docs/configuration.md lists every credential with the command that sets it, and its table marks the same ones required", () => {
    const docs = fs.readFileSync(path.join(repoRoot, "docs", "configuration.md"), "utf8");
    for (const key of secretConfigKeyNames) {
      const section = new RegExp(`^## ${key}\\nSecret \\(\`pulumi config set --secret ${key}\`\\)`, "m");
      assert.match(docs, section, `docs/configuration.md: the ${key} section does not start with its command`);
    }
    const required = [...docs.matchAll(/^\| \[`([A-Za-z]+)`\]\(#[a-z]+\) \| [^|]+ \| required \|$/gm)].map((m) => m[1]);
    assert.deepEqual(required.sort(), [...requiredSecretKeys(readStackFile("staging"))].sort());
  });

  it("the block is found after its marker, comments and blank lines left out", () => {
    const text = "intro\n<!-- first-deploy: x -->\n```sh\npulumi a   b   # note\n\n# only a comment\npulumi c\n```\n```sh\nnot this\n```";
    assert.deepEqual(readmeDeployCommands(text), ["pulumi a b", "pulumi c"]);
    assert.throws(() => readmeDeployCommands("no marker"), /marker/);
  });
});
