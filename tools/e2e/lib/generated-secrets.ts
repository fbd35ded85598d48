/**
 * What the TLS and random providers generate, checked on a real run (tools/go/providers builds our stand-ins of
 * both): the private keys (the internal CA's root and intermediates, the Sealed Secrets sealing keys) and generated
 * passwords exist in the Pulumi state only as ciphertext, and the certificates the cluster receives are real ones that
 * chain as the program intends.
 *
 * The offline rendering (the expectation) has made-up PEMs where the providers' outputs go; {@link withoutGeneratedValues}
 * leaves those out of the comparison with the API server, and {@link checkIssuedCertificates} checks the real values.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { INTERNAL_CA_CONFIGMAP, NAMESPACE_CA_KEY, ROOT_CA_KEY } from "../../../core/internal-ca";
import { INTERNAL_CA_SECRET } from "../../../components/certificates/names";
import { SEALING_KEY_LABEL } from "../../../components/secrets/sealing-key";
import type { KubernetesObject } from "../../../platform/offline/recorded-resource";
import type { KubeApi } from "./kube-api";
import { pulumi, type CliResult } from "./pulumi-cli";
import { check } from "./steps";

/** What platform/offline/mock-outputs.ts puts where a provider's generated value goes. */
const MOCK_MARKERS = ["MOCK-", "mock-random-"];

/** The object without the string fields the offline rendering made up (a provider generates them on a real run). */
export function withoutGeneratedValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutGeneratedValues(v)) as T;
  if (value !== null && typeof value === "object") {
    const kept = Object.entries(value).filter(([, v]) => !(typeof v === "string" && MOCK_MARKERS.some((m) => v.includes(m))));
    return Object.fromEntries(kept.map(([k, v]) => [k, withoutGeneratedValues(v)])) as T;
  }
  return value;
}

/** The properties that hold a key or a password, by resource type: outputs the provider generates, inputs passed on. */
const SECRET_PROPERTIES: Record<string, { outputs: string[]; inputs: string[] }> = {
  "tls:index/privateKey:PrivateKey": { outputs: ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"], inputs: [] },
  "tls:index/selfSignedCert:SelfSignedCert": { outputs: ["privateKeyPem"], inputs: ["privateKeyPem"] },
  "tls:index/certRequest:CertRequest": { outputs: ["privateKeyPem"], inputs: ["privateKeyPem"] },
  "tls:index/locallySignedCert:LocallySignedCert": { outputs: ["caPrivateKeyPem"], inputs: ["caPrivateKeyPem"] },
  "random:index/randomPassword:RandomPassword": { outputs: ["result", "bcryptHash"], inputs: [] },
};

/** Pulumi's marker of a secret value in a checkpoint. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

interface ExportedResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function resourcesOf(exported: string): ExportedResource[] {
  return (JSON.parse(exported) as { deployment?: { resources?: ExportedResource[] } }).deployment?.resources ?? [];
}

function isSecretEnvelope(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIGNATURE] !== undefined;
}

/** The plaintext of a value of `stack export --show-secrets` (a secret is an envelope holding its JSON as plaintext). */
function revealedString(v: unknown): string | undefined {
  if (isSecretEnvelope(v) && typeof v.plaintext === "string") {
    const inner = JSON.parse(v.plaintext) as unknown;
    return typeof inner === "string" ? inner : undefined;
  }
  return typeof v === "string" ? v : undefined;
}

/** Outputs that carry public key material (a private key's encodings embed its public half, e.g. the RSA modulus). */
const PUBLIC_OUTPUTS = ["publicKeyPem", "publicKeyOpenssh", "certPem", "certRequestPem"];

/**
 * The forms in which a secret must never appear in the exported state: itself (as JSON escapes it), its base64, and,
 * for a PEM, its base64 body in one piece and each body line that is not public key material (which is what a key
 * is, whatever wraps it).
 */
function leakForms(secret: string, publicMaterial: readonly string[]): string[] {
  const forms = [JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString("base64")];
  const body = secret.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"));
  if (body.length > 1) forms.push(body.join(""));
  for (const line of body) if (line.length >= 40 && !publicMaterial.some((p) => p.includes(line))) forms.push(line);
  return forms;
}

/** One secret property found in the state. */
export interface SecretProperty {
  /** `<resource name>.<property>` (inputs or outputs). */
  where: string;
  type: string;
  name: string;
}

/**
 * Every key and password property of the generated-secret resource types in `exported` (`pulumi stack export`) must
 * be ciphertext, and no form of its plaintext (read from `revealed`, `pulumi stack export --show-secrets`) may occur
 * anywhere in `exported`. Returns the properties checked.
 */
export function checkSecretsInState(exported: string, revealed: string): SecretProperty[] {
  const plain = new Map(resourcesOf(revealed).map((r) => [r.urn, r]));
  const publicMaterial = [...plain.values()].flatMap((r) =>
    PUBLIC_OUTPUTS.map((k) => r.outputs?.[k]).filter((v): v is string => typeof v === "string" && v !== ""),
  );
  const checked: SecretProperty[] = [];
  const problems: string[] = [];
  for (const r of resourcesOf(exported)) {
    const props = SECRET_PROPERTIES[r.type];
    if (!props) continue;
    const name = r.urn.split("::").pop() as string;
    for (const [kind, keys] of [
      ["outputs", props.outputs],
      ["inputs", props.inputs],
    ] as const) {
      for (const key of keys) {
        const stored = r[kind]?.[key];
        const value = revealedString(plain.get(r.urn)?.[kind]?.[key]);
        if (stored === undefined || value === undefined || value === "") continue; // not set (an OpenSSH key of P-224)
        const where = `${name}.${key} (${kind})`;
        if (!isSecretEnvelope(stored) || typeof stored.ciphertext !== "string") problems.push(`${where} is stored in plaintext`);
        const leaked = leakForms(value, publicMaterial).find((f) => exported.includes(f));
        if (leaked !== undefined) problems.push(`${where}: its value occurs unencrypted in the exported state`);
        checked.push({ where, type: r.type, name });
      }
    }
  }
  check(problems.length === 0, problems.join("\n"));
  return checked;
}

function certificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}

function samePublicKey(keyPem: string, cert: X509Certificate): boolean {
  const der = (k: ReturnType<typeof createPublicKey>) => k.export({ type: "spki", format: "der" }).toString("base64");
  return der(createPublicKey(createPrivateKey(keyPem))) === der(cert.publicKey);
}

function decoded(data: Record<string, string> | undefined, key: string): string {
  return Buffer.from(data?.[key] ?? "", "base64").toString("utf8");
}

/**
 * The certificates the cluster received are the providers' real ones: in each namespace with an intermediate, the
 * ConfigMap's root is a self-signed CA and its namespace CA a CA signed by that root, and the Issuer's Secret (declared
 * with cert-manager) holds the namespace CA's own key and its chain up to the root (never the root's key); each sealing key Secret holds a
 * certificate and the key that belongs to it. Returns a one-line summary per object.
 */
export async function checkIssuedCertificates(api: KubeApi, declared: readonly KubernetesObject[]): Promise<string[]> {
  const summary: string[] = [];
  const caConfigMaps = declared.filter(
    (o) => o.kind === "ConfigMap" && o.metadata.name === INTERNAL_CA_CONFIGMAP && NAMESPACE_CA_KEY in ((o as { data?: object }).data ?? {}),
  );
  const sealingKeys = declared.filter((o) => o.kind === "Secret" && o.metadata.labels?.[SEALING_KEY_LABEL] !== undefined);
  check(caConfigMaps.length > 0, "the stack declares no internal-CA ConfigMap with a namespace CA: is features.tlsResources on?");
  check(sealingKeys.length > 0, "the stack declares no sealing key Secret: is features.tlsResources on?");

  for (const cm of caConfigMaps) {
    const ns = cm.metadata.namespace as string;
    const live = await api.get(cm);
    check(live.status === 200, `ConfigMap ${ns}/${INTERNAL_CA_CONFIGMAP}: HTTP ${live.status}`);
    const data = (live.body as { data?: Record<string, string> }).data ?? {};
    const [root] = certificates(data[ROOT_CA_KEY] ?? "");
    const [nsCa] = certificates(data[NAMESPACE_CA_KEY] ?? "");
    check(root && nsCa, `ConfigMap ${ns}/${INTERNAL_CA_CONFIGMAP} does not hold two PEM certificates`);
    check(root.ca && root.checkIssued(root) && root.verify(root.publicKey), `${ns}: the root is not a self-signed CA certificate`);
    check(nsCa.ca && nsCa.checkIssued(root) && nsCa.verify(root.publicKey), `${ns}: the namespace CA is not a CA certificate signed by the root`);
    check(nsCa.subject.includes(`OU=${ns}`), `${ns}: the namespace CA's subject names another namespace: ${nsCa.subject}`);

    // The Issuer's Secret exists where cert-manager is installed (the stack declares it then).
    const issuerSecret = declared.find((o) => o.kind === "Secret" && o.metadata.namespace === ns && o.metadata.name === INTERNAL_CA_SECRET);
    let issuerNote = "no Issuer Secret declared (cert-manager not installed)";
    if (issuerSecret) {
      const secret = await api.get(issuerSecret);
      check(secret.status === 200, `Secret ${ns}/${INTERNAL_CA_SECRET}: HTTP ${secret.status}`);
      const sdata = (secret.body as { data?: Record<string, string> }).data;
      const chain = certificates(decoded(sdata, "tls.crt"));
      check(
        chain.length === 2 && chain[0].fingerprint256 === nsCa.fingerprint256 && chain[1].fingerprint256 === root.fingerprint256,
        `${ns}: tls.crt is not the namespace CA followed by the root`,
      );
      check(samePublicKey(decoded(sdata, "tls.key"), nsCa), `${ns}: tls.key is not the namespace CA's key (the root's key must never reach the cluster)`);
      issuerNote = "the Issuer's Secret holds that CA's own key and its chain";
    }
    summary.push(`${ns}: root ${root.subject.replace(/\n/g, ", ")} signs ${nsCa.subject.replace(/\n/g, ", ")}; ${issuerNote}`);
  }

  for (const s of sealingKeys) {
    const live = await api.get(s);
    check(live.status === 200, `Secret ${s.metadata.namespace}/${s.metadata.name}: HTTP ${live.status}`);
    const data = (live.body as { data?: Record<string, string> }).data;
    const [cert] = certificates(decoded(data, "tls.crt"));
    check(cert && !cert.ca && cert.verify(cert.publicKey), `${s.metadata.name}: tls.crt is not a self-signed leaf certificate`);
    check(samePublicKey(decoded(data, "tls.key"), cert), `${s.metadata.name}: tls.key does not belong to tls.crt`);
    summary.push(
      `${s.metadata.namespace}/${s.metadata.name}: ${cert.publicKey.asymmetricKeyType} ${cert.publicKey.asymmetricKeyDetails?.modulusLength ?? ""} sealing key with its certificate`,
    );
  }
  return summary;
}

/** Export the stack twice: as stored, and with secrets decrypted (to know what to look for). Neither is echoed. */
async function exports(cwd: string, stack: string, timeoutSeconds: number): Promise<{ exported: string; revealed: string }> {
  const ok = (r: CliResult) => {
    check(r.status === 0, `${r.command} exited ${r.status}`);
    return r.stdout;
  };
  const exported = ok(await pulumi(["stack", "export", "--stack", stack], { cwd, quiet: true, timeoutSeconds }));
  const revealed = ok(await pulumi(["stack", "export", "--show-secrets", "--stack", stack], { cwd, quiet: true, timeoutSeconds }));
  return { exported, revealed };
}

/** The fixture program of the random provider: a password as the Vault backend generates one (fixtures/generated-password). */
const passwordFixture = path.join(__dirname, "..", "fixtures", "generated-password");

/** Options of {@link checkGeneratedSecrets}. */
export interface GeneratedSecretsOptions {
  api: KubeApi;
  declared: readonly KubernetesObject[];
  /** The deployed project (the copy) and its stack. */
  project: string;
  stack: string;
  /** The run's temporary directory (the fixture is deployed from a copy there) and the repository's node_modules. */
  work: string;
  nodeModules: string;
  timeoutSeconds: number;
}

/**
 * The step: the stack's keys are ciphertext in its state and the cluster's certificates are real; then the random
 * provider's password, through a fixture program (the stack generates passwords only with the Vault provider, which
 * the e2e stack cannot use): `result` and `bcryptHash` ciphertext in the fixture's state, then the fixture destroyed.
 */
export async function checkGeneratedSecrets(o: GeneratedSecretsOptions): Promise<void> {
  const stackState = await exports(o.project, o.stack, o.timeoutSeconds);
  const keys = checkSecretsInState(stackState.exported, stackState.revealed);
  const names = new Set(keys.filter((k) => k.type === "tls:index/privateKey:PrivateKey").map((k) => k.name));
  const expected = [/-internal-ca-key$/, /-internal-ca-.+-key$/, /-sealed-key-/];
  for (const pattern of expected) {
    check(
      [...names].some((n) => pattern.test(n)),
      `no TLS private key matching ${pattern} was checked in the state (keys: ${[...names].join(", ")})`,
    );
  }
  process.stderr.write(`[e2e] ${keys.length} key properties stored as ciphertext only: ${keys.map((k) => k.where).join(", ")}\n`);
  for (const line of await checkIssuedCertificates(o.api, o.declared)) process.stderr.write(`[e2e] ${line}\n`);

  const dir = path.join(o.work, "generated-password");
  fs.cpSync(passwordFixture, dir, { recursive: true });
  fs.symlinkSync(o.nodeModules, path.join(dir, "node_modules"), "dir");
  const fixtureStack = "e2e-generated-password";
  const run = async (args: string[]) => {
    const r = await pulumi([...args, "--stack", fixtureStack, "--non-interactive"], { cwd: dir, timeoutSeconds: o.timeoutSeconds });
    check(r.status === 0, `${r.command} exited ${r.status}:\n${r.output.trimEnd().split("\n").slice(-30).join("\n")}`);
  };
  const init = await pulumi(["stack", "init", fixtureStack, "--non-interactive"], { cwd: dir });
  check(init.status === 0, `${init.command} exited ${init.status}`);
  await run(["up", "--yes", "--skip-preview"]);
  const fixtureState = await exports(dir, fixtureStack, o.timeoutSeconds);
  const passwords = checkSecretsInState(fixtureState.exported, fixtureState.revealed);
  check(
    passwords.some((p) => p.where.includes(".result ")),
    "the fixture's RandomPassword result was not found in its state",
  );
  process.stderr.write(`[e2e] random provider: ${passwords.map((p) => p.where).join(", ")} stored as ciphertext only\n`);
  await run(["destroy", "--yes", "--skip-preview"]);
  await run(["stack", "rm", "--yes"]);
}
