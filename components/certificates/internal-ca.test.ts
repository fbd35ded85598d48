import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { INTERNAL_CA_CONFIGMAP, NAMESPACE_CA_KEY, ROOT_CA_KEY } from "../../core/internal-ca";
import { INTERNAL_CA_ISSUER, INTERNAL_CA_SECRET } from "./names";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { onlyResource } from "./test-fixtures";

const KEY = "tls:index/privateKey:PrivateKey";
const CERT = "tls:index/selfSignedCert:SelfSignedCert";
const SIGNED = "tls:index/locallySignedCert:LocallySignedCert";
/** The root key's mock PEM as it appears in JSON (the intermediates' keys are `MOCK-certificates-internal-ca-<ns>-key`). */
const ROOT_KEY_MARK = "MOCK-certificates-internal-ca-key\\n";

/**
 * The namespaces that must get their own intermediate and Issuer: the catalog's and logging's (the GDPR log-retention
 * job, the other client of the store, runs only against an external store, with no internal-CA certificate).
 */
function issuerNamespaces(run: StackRun): string[] {
  return [...new Set([...run.config.catalog.map((s) => s.namespace), run.config.logging.namespace])].sort();
}

describe("internal CA", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("the CA key uses the configured algorithm", async () => {
        const run = await runStack(stack);
        const ca = run.config.tls!.ca;
        const key = onlyResource(run, KEY, "certificates-internal-ca-key");
        assert.equal(key.inputs.algorithm, ca.algorithm);
        if (ca.algorithm === "ECDSA") assert.equal(key.inputs.ecdsaCurve, ca.ecdsaCurve);
        else assert.equal(key.inputs.rsaBits, ca.rsaBits);
      });

      it("the CA certificate is a CA, self-signed with that key, valid as configured and only for signing", async () => {
        const run = await runStack(stack);
        const ca = run.config.tls!.ca;
        const cert = onlyResource(run, CERT, "certificates-internal-ca-cert");
        assert.equal(cert.inputs.isCaCertificate, true);
        assert.equal(cert.inputs.validityPeriodHours, ca.validityHours);
        assert.deepEqual([...(cert.inputs.allowedUses as string[])].sort(), ["cert_signing", "crl_signing", "digital_signature"]);
        assert.deepEqual(cert.inputs.subject, { commonName: ca.commonName, organization: ca.organization });
        assert.match(JSON.stringify(cert.inputs.privateKeyPem), /MOCK-certificates-internal-ca-key/);
        assert.ok(cert.secretPaths.includes("privateKeyPem"), `the key reaches the certificate in plaintext: ${cert.secretPaths}`);
      });

      it("the root key never reaches the cluster: no Kubernetes object carries it, and no cluster-wide CA issuer exists", async () => {
        const run = await runStack(stack);
        const kubernetes = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        for (const r of kubernetes) assert.ok(!JSON.stringify(r.inputs).includes(ROOT_KEY_MARK), `${r.type} ${r.name} holds the root key`);
        assert.deepEqual(
          objectsOfKind(run, "Secret", "cert-manager").map((s) => s.metadata.name),
          ["cloudflare-api-token"],
        );
        assert.deepEqual(
          objectsOfKind(run, "ClusterIssuer").map((i) => i.metadata.name),
          ["letsencrypt-prod", "letsencrypt-staging"],
        );
        // Only the intermediates are signed with it.
        const signedWithRoot = run.resources.filter((r) => JSON.stringify(r.inputs).includes(ROOT_KEY_MARK)).map((r) => r.type);
        assert.deepEqual([...new Set(signedWithRoot)].sort(), [CERT, SIGNED].sort());
      });

      it("each namespace with internal-CA certificates has its own intermediate CA: signed by the root, path length 0, only for signing", async () => {
        const run = await runStack(stack);
        const ca = run.config.tls!.ca;
        const namespaces = issuerNamespaces(run);
        assert.deepEqual(
          run.resources
            .filter((r) => r.type === SIGNED)
            .map((r) => r.name)
            .sort(),
          namespaces.map((ns) => `certificates-internal-ca-${ns}-cert`),
        );
        for (const ns of namespaces) {
          const cert = onlyResource(run, SIGNED, `certificates-internal-ca-${ns}-cert`);
          assert.equal(cert.inputs.isCaCertificate, true);
          assert.equal(cert.inputs.maxPathLength, 0, "a CA the intermediate signed would be trusted");
          assert.deepEqual([...(cert.inputs.allowedUses as string[])].sort(), ["cert_signing", "crl_signing", "digital_signature"]);
          assert.match(String(cert.inputs.caCertPem), /MOCK-certificates-internal-ca-cert/);
          assert.ok(cert.secretPaths.includes("caPrivateKeyPem"), `the root key reaches ${ns}'s intermediate in plaintext`);
          const key = onlyResource(run, KEY, `certificates-internal-ca-${ns}-key`);
          assert.equal(key.inputs.algorithm, ca.algorithm);
          assert.equal(key.protect, false);
        }
      });

      it("each of those namespaces holds its intermediate's key pair (a secret) behind a namespaced Issuer, and its CA certificates in a ConfigMap", async () => {
        const run = await runStack(stack);
        for (const ns of issuerNamespaces(run)) {
          const secret = objectNamed<KubernetesObject & { type: string; stringData: Record<string, string> }>(run, "Secret", INTERNAL_CA_SECRET, ns);
          assert.equal(secret.type, "kubernetes.io/tls");
          assert.deepEqual(Object.keys(secret.stringData).sort(), ["ca.crt", "tls.crt", "tls.key"]);
          assert.equal(secret.stringData["tls.key"], "[secret]");
          const resource = resourceOfObject(run, "Secret", INTERNAL_CA_SECRET, ns);
          assert.ok(
            resource.secretPaths.some((p) => p.startsWith("stringData")),
            `secret paths: ${resource.secretPaths.join(", ")}`,
          );
          const issuer = objectNamed<KubernetesObject & { spec: unknown }>(run, "Issuer", INTERNAL_CA_ISSUER, ns);
          assert.deepEqual(issuer.spec, { ca: { secretName: INTERNAL_CA_SECRET } });
          const deps = resourceOfObject(run, "Issuer", INTERNAL_CA_ISSUER, ns).dependsOn;
          assert.ok(deps.includes(`kubernetes:core/v1:Secret::${resource.name}`), deps.join(", "));
          assert.ok(
            deps.some((d) => d.includes("ValidatingAdmissionPolicyBinding::")),
            "an Issuer signs before its names are restricted",
          );
          const cm = objectNamed<KubernetesObject & { data: Record<string, string> }>(run, "ConfigMap", INTERNAL_CA_CONFIGMAP, ns);
          assert.match(cm.data[NAMESPACE_CA_KEY], new RegExp(`MOCK-certificates-internal-ca-${ns}-cert`));
          assert.match(cm.data[ROOT_CA_KEY], /MOCK-certificates-internal-ca-cert\n/);
        }
        const plan = JSON.stringify(kubernetesObjects(run.resources));
        assert.doesNotMatch(plan, /PRIVATE KEY/, "a CA key appears in the rendered plan");
      });

      it("the CA certificate is a stack output and no output holds the key", async () => {
        const run = await runStack(stack);
        assert.match(String(run.outputs.internalCaCertificate), /^-----BEGIN CERTIFICATE-----\nMOCK-certificates-internal-ca-cert/);
        assert.doesNotMatch(JSON.stringify(run.outputs), /PRIVATE KEY/);
      });
    });
  }

  it("the root CA key is protected from deletion in production only", async () => {
    assert.equal(onlyResource(await runStack("production"), KEY, "certificates-internal-ca-key").protect, true);
    assert.equal(onlyResource(await runStack("staging"), KEY, "certificates-internal-ca-key").protect, false);
  });

  it("production's CA is ECDSA P-384 valid five years, as its stack file says", async () => {
    const key = onlyResource(await runStack("production"), KEY, "certificates-internal-ca-key");
    assert.deepEqual({ algorithm: key.inputs.algorithm, curve: key.inputs.ecdsaCurve }, { algorithm: "ECDSA", curve: "P384" });
    assert.equal(onlyResource(await runStack("production"), CERT, "certificates-internal-ca-cert").inputs.validityPeriodHours, 43800);
  });
});
