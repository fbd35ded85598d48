// The plan's cloud/ folder and outputs.json: every resource that is not a Kubernetes object or a Helm release, with
// the inputs `pulumi up` would send (policies as documents, Vault policies as HCL), and the stack outputs; no secret.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { writePlan } from "../../cli/plan";
import { isCloudResource, type CloudResourceFile } from "../../platform/offline/cloud-files";
import { REDACTED } from "../../platform/offline/recorded-resource";
import { resolveWithSecrets } from "../../platform/offline/resolve-inputs";
import { stackOutputsJson } from "../../platform/offline/stack-outputs";
import { runStack, type RecordedResource, type StackRun } from "../harness";

/** Every string a resource holds under its secret paths (envelopes unwrapped). */
function secretStrings(r: RecordedResource): string[] {
  const strings = (v: unknown): string[] => {
    if (typeof v === "string") return [v];
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => (k === "4dabf18193072939515e22adb298388d" ? [] : strings(x)));
    return [];
  };
  return r.secretPaths.flatMap((p) => {
    let node: unknown = r.inputs;
    for (const part of p.match(/[^.[\]]+/g) ?? []) node = (node as Record<string, unknown> | undefined)?.[part];
    return strings(node);
  });
}

describe("plan cloud/ and outputs.json (production)", function () {
  this.timeout(120000);
  let run: StackRun;
  let out: string;
  const cloudFiles = () =>
    (fs.readdirSync(path.join(out, "cloud"), { recursive: true }) as string[]).filter((f) => f.endsWith(".json")).map((f) => path.join(out, "cloud", f));
  const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as CloudResourceFile;
  const cloudFileOf = (type: string, name: string) => {
    const file = cloudFiles().find((f) => read(f).type === type && read(f).name === name);
    assert.ok(file, `no cloud file for ${type} ${name}`);
    return { file, content: read(file) };
  };
  before(async () => {
    run = await runStack("production");
    out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cloud-"));
    writePlan(run, out);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("holds one file for every resource that is neither a Kubernetes object nor a Helm release, with its parent", () => {
    const expected = run.resources.filter(isCloudResource).map((r) => `${r.type} ${r.name} ${r.parent?.type}::${r.parent?.name}`);
    assert.ok(expected.some((e) => e.startsWith("aws:iam/role:Role")) && expected.some((e) => e.startsWith("vault:index/policy:Policy")));
    assert.ok(!expected.some((e) => e.startsWith("kubernetes:helm.sh/") || e.startsWith("kubernetes:core/")));
    assert.deepEqual(
      cloudFiles()
        .map((f) => `${read(f).type} ${read(f).name} ${read(f).parent}`)
        .sort(),
      expected.sort(),
    );
  });

  it("shows IAM role, IAM and bucket policies as JSON documents, not text", () => {
    const role = cloudFileOf("aws:iam/role:Role", "backup-velero-role").content;
    assert.deepEqual(role.jsonTextInputs, ["assumeRolePolicy"]);
    const trust = role.inputs.assumeRolePolicy as { Statement: Array<{ Action: string }> };
    assert.equal(trust.Statement[0].Action, "sts:AssumeRoleWithWebIdentity");
    const bucketPolicy = cloudFileOf("aws:s3/bucketPolicy:BucketPolicy", "backup-bucket-policy").content.inputs.policy as { Statement: Array<{ Sid: string }> };
    assert.ok(bucketPolicy.Statement.some((s) => s.Sid === "DenyInsecureTransport"));
    const storeRead = run.resources.find((r) => r.type === "aws:iam/policy:Policy" && r.name.startsWith("secrets-aws-") && r.name.endsWith("-read"))!;
    const iamPolicy = cloudFileOf("aws:iam/policy:Policy", storeRead.name).content.inputs.policy as { Version: string };
    assert.equal(iamPolicy.Version, "2012-10-17");
  });

  it("writes each Vault policy as an HCL file beside its resource", () => {
    for (const r of run.resources.filter((x) => x.type === "vault:index/policy:Policy")) {
      const { file, content } = cloudFileOf(r.type, r.name);
      const hcl = (content.inputs.policy as { file: string }).file;
      assert.equal(fs.readFileSync(path.join(path.dirname(file), hcl), "utf8"), r.inputs.policy);
      assert.match(hcl, /\.hcl$/);
    }
  });

  it("shows the Secrets Manager metadata and the KMS keys with what their key policy is", () => {
    const secret = cloudFileOf("aws:secretsmanager/secret:Secret", "secrets-aws-jwt-signing-key").content.inputs;
    assert.equal(secret.name, "/e-commerce/production/jwt-signing-key");
    assert.match(String(secret.kmsKeyId), /^arn:aws:kms:/);
    assert.equal(typeof secret.recoveryWindowInDays, "number");
    const version = cloudFileOf("aws:secretsmanager/secretVersion:SecretVersion", "secrets-aws-jwt-signing-key").content.inputs;
    assert.equal(version.secretString, REDACTED);
    const key = cloudFileOf("aws:kms/key:Key", "backup-key").content;
    assert.equal(key.inputs.enableKeyRotation, true);
    // The key policy is explicit (issue 15, item 11) and shown as a document, so a reviewer reads who may use the key.
    assert.ok(key.jsonTextInputs?.includes("policy"), "the key policy is shown as a document");
    assert.deepEqual(
      (key.inputs.policy as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid),
      ["KeyAdministration", "VeleroThroughS3", "AdministratorsReadAccessLogs", "S3ServerAccessLogDelivery"],
    );
    assert.equal(key.notes, undefined, "no note about AWS's default key policy");
  });

  it("no secret value reaches cloud/ or outputs.json", () => {
    // A Kubernetes Secret is secret as a whole, CA certificate included: public certificates are not looked for.
    const secrets = run.resources
      .flatMap(secretStrings)
      .filter((s) => s.length >= 8 && !/^-----BEGIN CERTIFICATE-----[^]*-----END CERTIFICATE-----\s*$/.test(s));
    assert.ok(
      secrets.some((s) => s.includes("PRIVATE KEY")),
      "the run has secrets to look for",
    );
    const files = [
      ...cloudFiles(),
      ...(fs.readdirSync(path.join(out, "cloud"), { recursive: true }) as string[]).filter((f) => f.endsWith(".hcl")).map((f) => path.join(out, "cloud", f)),
      path.join(out, "outputs.json"),
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const s of secrets) assert.ok(!text.includes(s) && !text.includes(JSON.stringify(s).slice(1, -1)), `${file} holds a secret value`);
    }
  });

  it("outputs.json holds the stack outputs index.ts exports", () => {
    const outputs = JSON.parse(fs.readFileSync(path.join(out, "outputs.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(outputs).sort(), Object.keys(run.outputs).sort());
    assert.deepEqual(outputs.namespaces, run.outputs.namespaces);
    assert.match(String(outputs.internalCaCertificate), /^-----BEGIN CERTIFICATE-----/);
  });

  it("a secret stack output is captured as secret and redacted in outputs.json", async () => {
    const resolved = await resolveWithSecrets({ caCertificate: "PEM", adminToken: pulumi.secret("s3cr3t-token"), nested: { key: pulumi.secret("k") } });
    assert.deepEqual(resolved.secretPaths.sort(), ["adminToken", "nested.key"]);
    const json = stackOutputsJson({ outputs: resolved.value as Record<string, unknown>, outputSecretPaths: resolved.secretPaths });
    assert.deepEqual(JSON.parse(json), { adminToken: REDACTED, caCertificate: "PEM", nested: { key: REDACTED } });
  });
});
