import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { INTERNAL_CA_ISSUER, INTERNAL_CA_SECRET } from "./names";
import { objectNamed, realStacks, resourceOfObject, runStack, type KubernetesObject } from "../../tests/harness";
import { onlyResource } from "./test-fixtures";

const KEY = "tls:index/privateKey:PrivateKey";
const CERT = "tls:index/selfSignedCert:SelfSignedCert";

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

      it("hands the key pair to cert-manager as a kubernetes.io/tls Secret whose data is secret, and the plan shows it redacted", async () => {
        const run = await runStack(stack);
        const secret = objectNamed<KubernetesObject & { type: string; stringData: Record<string, string> }>(run, "Secret", INTERNAL_CA_SECRET, "cert-manager");
        assert.equal(secret.type, "kubernetes.io/tls");
        assert.deepEqual(Object.keys(secret.stringData).sort(), ["ca.crt", "tls.crt", "tls.key"]);
        assert.equal(secret.stringData["tls.key"], "[secret]");
        const resource = resourceOfObject(run, "Secret", INTERNAL_CA_SECRET, "cert-manager");
        assert.ok(resource.secretPaths.includes("stringData"), `secret paths: ${resource.secretPaths.join(", ")}`);
        const plan = JSON.stringify(kubernetesObjects(run.resources));
        assert.doesNotMatch(plan, /MOCK-certificates-internal-ca-key/, "the CA key appears in the rendered plan");
      });

      it("the CA ClusterIssuer signs with that Secret and is created after it", async () => {
        const run = await runStack(stack);
        const issuer = objectNamed<KubernetesObject & { spec: { ca: { secretName: string } } }>(run, "ClusterIssuer", INTERNAL_CA_ISSUER);
        assert.deepEqual(issuer.spec, { ca: { secretName: INTERNAL_CA_SECRET } });
        const deps = resourceOfObject(run, "ClusterIssuer", INTERNAL_CA_ISSUER).dependsOn;
        assert.ok(deps.includes(`kubernetes:core/v1:Secret::${resourceOfObject(run, "Secret", INTERNAL_CA_SECRET, "cert-manager").name}`), deps.join(", "));
      });

      it("the CA certificate is a stack output and no output holds the key", async () => {
        const run = await runStack(stack);
        assert.match(String(run.outputs.internalCaCertificate), /^-----BEGIN CERTIFICATE-----\nMOCK-certificates-internal-ca-cert/);
        assert.doesNotMatch(JSON.stringify(run.outputs), /PRIVATE KEY/);
      });
    });
  }

  it("the CA key is protected from deletion in production only", async () => {
    assert.equal(onlyResource(await runStack("production"), KEY, "certificates-internal-ca-key").protect, true);
    assert.equal(onlyResource(await runStack("staging"), KEY, "certificates-internal-ca-key").protect, false);
  });

  it("production's CA is ECDSA P-384 valid five years, as its stack file says", async () => {
    const key = onlyResource(await runStack("production"), KEY, "certificates-internal-ca-key");
    assert.deepEqual({ algorithm: key.inputs.algorithm, curve: key.inputs.ecdsaCurve }, { algorithm: "ECDSA", curve: "P384" });
    assert.equal(onlyResource(await runStack("production"), CERT, "certificates-internal-ca-cert").inputs.validityPeriodHours, 43800);
  });
});
