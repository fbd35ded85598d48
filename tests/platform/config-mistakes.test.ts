// The configuration mistakes a new user makes (issue #17's list), each caught before any resource with the key, what
// was wrong and the one thing to do; and all of them in one run.
import { strict as assert } from "node:assert";
import type { ConfigIssue } from "../../core/config/errors";
import { parseStackConfig, type RawStackConfig } from "../../platform/config/parse";
import { withOverrides } from "../../platform/offline/mock-runtime";
import { configErrorOf } from "../harness/config";
import { readStackFile } from "../harness";

/** The real staging file with some keys replaced (deep-merged, lists replace), as a user's edit would. */
const stagingWith = (overrides: Record<string, unknown>) => withOverrides(readStackFile("staging"), overrides);

/** The issues of a raw configuration, by key. */
function issuesOf(raw: RawStackConfig): Map<string, ConfigIssue> {
  const err = configErrorOf(() => parseStackConfig(raw));
  return new Map(err.issues.map((i) => [i.key, i]));
}

/** The staging file with a credential written in plaintext (as `pulumi config set` without --secret would). */
function withPlaintextCredential(raw: RawStackConfig, key: string, value: string): RawStackConfig {
  const full = `${raw.project}:${key}`;
  return { ...raw, values: { ...raw.values, [full]: value }, secretKeys: new Set([...raw.secretKeys].filter((k) => k !== full)) };
}

/** The staging file without a credential. */
function withoutCredential(raw: RawStackConfig, key: string): RawStackConfig {
  const full = `${raw.project}:${key}`;
  const values = Object.fromEntries(Object.entries(raw.values).filter(([k]) => k !== full));
  return { ...raw, values, secretKeys: new Set([...raw.secretKeys].filter((k) => k !== full)) };
}

/** A dependency of orders-service on a service that does not exist ("order-mysql" for orders-mysql). */
const unknownDependency = {
  "orders-service": {
    dependsOn: [
      { service: "orders-mysql", ports: ["mysql"] },
      { service: "rabbitmq", ports: ["amqp"] },
      { service: "order-mysql", ports: ["mysql"] },
    ],
  },
};

describe("configuration mistakes", () => {
  it('backup.schedule "0 25 * * *" is refused: hour 25 does not exist (Velero would reject it at run time)', () => {
    const issue = issuesOf(stagingWith({ backup: { schedule: "0 25 * * *" } })).get("backup.schedule");
    assert.match(issue?.message ?? "", /must be a five-field cron expression .*: invalid value for hour: 25/);
  });

  it("a CIDR with host bits set (203.0.113.7/24) is refused, naming the network address to use", () => {
    const issues = issuesOf(stagingWith({ network: { externalCidrs: { "payment-provider": ["203.0.113.7/24"] } } }));
    assert.equal(issues.get("network.externalCidrs.payment-provider[0]")?.message, "has host bits set; use the network address 203.0.113.0/24");
  });

  it("refreshInterval 0s is refused (ExternalSecrets would never refresh)", () => {
    assert.equal(issuesOf(stagingWith({ secrets: { refreshInterval: "0s" } })).get("secrets.refreshInterval")?.message, "must be longer than 0s");
  });

  it("a dependency on an unknown service is reported in the same run as type errors", () => {
    const issues = issuesOf(stagingWith({ backup: { retentionDays: "thirty" }, services: unknownDependency }));
    assert.ok(issues.has("backup.retentionDays"));
    assert.match(issues.get("services.orders-service.dependsOn[2].service")?.message ?? "", /^unknown service; known: .*orders-mysql/);
  });

  it("a plaintext cloudflareApiToken gives one line, the command to run, and no misleading 'is required'", () => {
    const err = configErrorOf(() => parseStackConfig(withPlaintextCredential(readStackFile("staging"), "cloudflareApiToken", "plaintext-cf-token")));
    assert.deepEqual(
      err.issues.map((i) => i.key),
      ["cloudflareApiToken"],
    );
    assert.match(err.issues[0].message, /must be a secret: run `pulumi config set --secret cloudflareApiToken/);
    assert.doesNotMatch(err.message, /is required|plaintext-cf-token/);
  });

  it("a plaintext alerting.smtp.password points to the secret key to set, and only that", () => {
    const raw = withoutCredential(stagingWith({ alerting: { smtp: { password: "hunter2-smtp" } } }), "alertmanagerSmtpPassword");
    const err = configErrorOf(() => parseStackConfig(raw));
    assert.deepEqual(
      err.issues.map((i) => i.key),
      ["alerting.smtp.password"],
    );
    assert.equal(
      err.issues[0].message,
      "is a credential and does not belong in the stack file: remove it and run `pulumi config set --secret alertmanagerSmtpPassword` (it prompts for the value)",
    );
    assert.doesNotMatch(err.message, /hunter2-smtp|unknown key/);
  });

  it('"did you mean fileSystemBackup?" for backup.fileSystemBakcup', () => {
    assert.match(
      issuesOf(stagingWith({ backup: { fileSystemBakcup: true } })).get("backup.fileSystemBakcup")?.message ?? "",
      /^unknown key; did you mean fileSystemBackup\?/,
    );
  });

  it("six mistakes in one stack file: six messages in one run, each with its fix", () => {
    const raw = withoutCredential(
      stagingWith({
        backup: { schedule: "0 25 * * *", fileSystemBakcup: true },
        network: { externalCidrs: { "payment-provider": ["203.0.113.7/24"] } },
        secrets: { refreshInterval: "0s" },
        alerting: { smtp: { password: "hunter2-smtp" } },
        services: unknownDependency,
      }),
      "alertmanagerSmtpPassword",
    );
    const err = configErrorOf(() => parseStackConfig(raw));
    const fixes: Record<string, RegExp> = {
      "backup.schedule": /five-field cron expression .* such as "0 1 \* \* \*": invalid value for hour: 25/,
      "backup.fileSystemBakcup": /did you mean fileSystemBackup\?/,
      "network.externalCidrs.payment-provider[0]": /use the network address 203\.0\.113\.0\/24/,
      "secrets.refreshInterval": /must be longer than 0s/,
      "alerting.smtp.password": /run `pulumi config set --secret alertmanagerSmtpPassword`/,
      "services.orders-service.dependsOn[2].service": /unknown service; known: .*orders-mysql/,
    };
    assert.deepEqual(err.issues.map((i) => i.key).sort(), Object.keys(fixes).sort(), err.message);
    for (const issue of err.issues) assert.match(issue.message, fixes[issue.key], issue.key);
    assert.match(err.message, /^invalid stack configuration, 6 problems:/);
  });

  it("a check that would read a wrong value is skipped, not run on a stand-in default", () => {
    // features.backup is wrong: whether backup.namespaces must name catalog namespaces is not known, so no guess.
    const err = configErrorOf(() => parseStackConfig(stagingWith({ features: { backup: "yes" }, backup: { namespaces: ["nope"] } })));
    assert.deepEqual(
      err.issues.map((i) => i.key),
      ["features.backup"],
    );
  });

  it("a misspelt credential key at the top level names the credential and its command", () => {
    const raw = readStackFile("staging");
    const err = configErrorOf(() => parseStackConfig({ ...raw, values: { ...raw.values, [`${raw.project}:cloudflareApiTokn`]: "x" } }));
    assert.match(
      err.message,
      /cloudflareApiTokn: unknown key; did you mean the credential cloudflareApiToken\? .*`pulumi config set --secret cloudflareApiToken`/,
    );
  });
});
