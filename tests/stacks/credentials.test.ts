import { strict as assert } from "node:assert";
import { derivePassword, type DerivedSecretLabel } from "../../core/derived-passwords";
import { realStacks, runStack, type RecordedResource, type StackRun } from "../harness";

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** Every credential value of a run: the configured ones and those derived from them. */
function credentialValues(run: StackRun): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(run.config.credentials)) if (value) values.set(value, key);
  const es = run.config.credentials.elasticsearchPassword;
  const kibana = run.config.credentials.kibanaEncryptionKey;
  for (const label of ["kibana_system", "fluent-bit"] as DerivedSecretLabel[])
    if (es) values.set(derivePassword(es, label), `elasticsearchPassword -> ${label}`);
  for (const label of ["kibana-security", "kibana-reporting"] as DerivedSecretLabel[])
    if (kibana) values.set(derivePassword(kibana, label), `kibanaEncryptionKey -> ${label}`);
  return values;
}

/** Paths of string leaves holding a credential outside any secret (not under a secret path, not in a secret envelope). */
function plaintextLeaks(r: RecordedResource, secrets: Map<string, string>): string[] {
  const leaks: string[] = [];
  const underSecret = (path: string) => r.secretPaths.some((p) => p === "" || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const walk = (value: unknown, path: string): void => {
    if (underSecret(path)) return;
    if (typeof value === "string") {
      for (const [secret, key] of secrets) if (value.includes(secret)) leaks.push(`${r.type}::${r.name} ${path} holds ${key}`);
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, k) => walk(v, `${path}[${k}]`));
    if (value && typeof value === "object") {
      if (SECRET_SIGNATURE in value) return; // a Pulumi secret on the wire
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(r.inputs, "");
  return leaks;
}

describe("no credential in plaintext", () => {
  for (const stack of realStacks) {
    it(`${stack}: every credential value (configured or derived) appears only under secret paths, in every resource`, async () => {
      const run = await runStack(stack);
      const secrets = credentialValues(run);
      assert.ok(secrets.size >= 10, `expected the stack's credentials, got ${secrets.size}`);
      assert.deepEqual(
        run.resources.flatMap((r) => plaintextLeaks(r, secrets)),
        [],
      );
    });

    it(`${stack}: the credentials do reach their Secrets (the scan above is not vacuous)`, async () => {
      const run = await runStack(stack);
      const secrets = credentialValues(run);
      const found = new Set<string>();
      const collect = (v: unknown): void => {
        if (typeof v === "string") for (const [s, key] of secrets) if (v.includes(s)) found.add(key);
        if (v && typeof v === "object") Object.values(v).forEach(collect);
      };
      run.resources.forEach((r) => collect(r.inputs));
      for (const key of [
        "elasticsearchPassword",
        "kibanaEncryptionKey",
        "alertmanagerChatWebhookUrl",
        "alertmanagerPagerdutyRoutingKey",
        "alertmanagerSmtpPassword",
        "elasticsearchPassword -> fluent-bit",
        "elasticsearchPassword -> kibana_system",
      ]) {
        assert.ok(found.has(key), `${key} is used by no resource`);
      }
    });

    it(`${stack}: no stack output holds a credential`, async () => {
      const run = await runStack(stack);
      const text = JSON.stringify(run.outputs);
      for (const [secret, key] of credentialValues(run)) assert.ok(!text.includes(secret), `output holds ${key}`);
    });
  }

  it("the scan finds a credential placed outside a secret", () => {
    const secrets = new Map([["hunter2-credential", "test"]]);
    const r = {
      type: "kubernetes:core/v1:ConfigMap",
      name: "x",
      custom: true,
      dependsOn: [],
      protect: false,
      secretPaths: ["data.ok"],
      inputs: { data: { ok: "hunter2-credential", bad: "token=hunter2-credential" } },
    };
    assert.deepEqual(plaintextLeaks(r, secrets), ["kubernetes:core/v1:ConfigMap::x data.bad holds test"]);
  });
});
