import { strict as assert } from "node:assert";
import { durationHours } from "./schema";
import { coveredBy } from "./certificates";
import { INTERNAL_CA_ISSUER, PUBLIC_CERTIFICATE, PUBLIC_CERTIFICATE_SECRET } from "./names";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, runStack, type KubernetesObject } from "../../tests/harness";
import { tlsPlanOf } from "./test-fixtures";

interface CertificateSpec {
  secretName: string;
  commonName?: string;
  dnsNames: string[];
  uris?: string[];
  duration?: string;
  renewBefore?: string;
  usages: string[];
  privateKey: { algorithm: string; size: number; rotationPolicy: string; encoding?: string };
  issuerRef: { name: string; kind: string; group: string };
}
type Certificate = KubernetesObject & { spec: CertificateSpec };

describe("certificates", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("every catalog service has one mTLS Certificate named after it, in its namespace, writing <service>-tls", async () => {
        const run = await runStack(stack);
        const mtls = objectsOfKind<Certificate>(run, "Certificate").filter(
          (c) => c.spec.issuerRef.name === INTERNAL_CA_ISSUER && c.metadata.labels?.["app.kubernetes.io/component"] === "certificates",
        );
        assert.deepEqual(
          mtls.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort(),
          run.config.catalog.map((s) => `${s.namespace}/${s.name}`).sort(),
        );
        for (const s of run.config.catalog) {
          const spec = objectNamed<Certificate & { spec: { secretTemplate: { annotations: Record<string, string> } } }>(
            run,
            "Certificate",
            s.name,
            s.namespace,
          ).spec;
          assert.equal(spec.secretName, `${s.name}-tls`);
          assert.equal(spec.secretTemplate.annotations["reloader.stakater.com/match"], "true", "workloads cannot restart on renewal");
        }
      });

      it("each service certificate names <svc>.<ns>, <svc>.<ns>.svc(.cluster.local) and the workload's SPIFFE identity, never a bare <svc>", async () => {
        const run = await runStack(stack);
        for (const s of run.config.catalog) {
          const spec = objectNamed<Certificate>(run, "Certificate", s.name, s.namespace).spec;
          for (const name of [`${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc`, `${s.name}.${s.namespace}.svc.cluster.local`]) {
            assert.ok(spec.dnsNames.includes(name), `${s.name} lacks ${name}: ${spec.dnsNames.join(", ")}`);
          }
          // A bare name is the same in every namespace: it would not say which service answers.
          assert.ok(
            spec.dnsNames.every((n) => n.startsWith(`${s.name}.${s.namespace}`)),
            `${s.name} names another service or a bare name: ${spec.dnsNames}`,
          );
          assert.deepEqual(spec.uris, [`spiffe://${run.config.mesh.trustDomain}/ns/${s.namespace}/sa/${s.serviceAccount}`]);
        }
      });

      it("service certificates serve and call (server auth + client auth), live 90 days and renew 15 days before expiry", async () => {
        const run = await runStack(stack);
        for (const s of run.config.catalog) {
          const spec = objectNamed<Certificate>(run, "Certificate", s.name, s.namespace).spec;
          assert.ok(spec.usages.includes("server auth") && spec.usages.includes("client auth"), `${s.name}: ${spec.usages}`);
          assert.ok(spec.usages.includes("digital signature"));
          assert.equal(spec.duration, "2160h");
          assert.equal(spec.renewBefore, "360h");
          assert.equal(durationHours(spec.duration!) / 24, 90);
          assert.equal(durationHours(spec.renewBefore!) / 24, 15);
        }
      });

      it("service keys use the configured algorithm and size and are replaced on every renewal", async () => {
        const run = await runStack(stack);
        const wanted = run.config.tls!.certificates;
        for (const s of run.config.catalog) {
          const key = objectNamed<Certificate>(run, "Certificate", s.name, s.namespace).spec.privateKey;
          assert.equal(key.algorithm, wanted.keyAlgorithm);
          assert.equal(key.size, wanted.keySize ?? (wanted.keyAlgorithm === "ECDSA" ? 256 : 3072));
          assert.equal(key.rotationPolicy, "Always");
        }
      });

      it("service certificates come from their own namespace's internal-CA Issuer and are created after it and the release", async () => {
        const run = await runStack(stack);
        for (const s of run.config.catalog) {
          const cert = objectNamed<Certificate>(run, "Certificate", s.name, s.namespace);
          assert.deepEqual(cert.spec.issuerRef, { name: INTERNAL_CA_ISSUER, kind: "Issuer", group: "cert-manager.io" });
          const deps = resourceOfObject(run, "Certificate", s.name, s.namespace).dependsOn;
          assert.ok(deps.includes(`kubernetes:cert-manager.io/v1:Issuer::issuer-${s.namespace}-internal-ca-issuer`), deps.join(", "));
          assert.ok(deps.includes("kubernetes:helm.sh/v3:Release::certificates-cert-manager"), deps.join(", "));
          assert.ok(deps.includes(`kubernetes:core/v1:Namespace::namespace-${s.namespace}`), deps.join(", "));
        }
      });

      it("the public certificate covers the apex, the wildcard and the API host, in the gateway's namespace", async () => {
        const run = await runStack(stack);
        const { public: apex, api } = run.config.domains;
        const edgeNamespace = run.config.catalog.find((s) => s.name === run.config.tls!.ingress.service)!.namespace;
        const cert = objectNamed<Certificate>(run, "Certificate", PUBLIC_CERTIFICATE, edgeNamespace);
        assert.deepEqual(cert.spec.dnsNames, [apex, `*.${apex}`]);
        assert.ok(coveredBy(api, cert.spec.dnsNames), `${api} not covered`);
        assert.equal(cert.spec.secretName, PUBLIC_CERTIFICATE_SECRET);
        assert.deepEqual(cert.spec.usages, ["digital signature", "server auth"]);
        assert.equal(cert.spec.privateKey.rotationPolicy, "Always");
      });
    });
  }

  it("RSA keys: the configured size, and key encipherment on top of server and client auth", () => {
    const plan = tlsPlanOf("staging", { tls: { certificates: { keyAlgorithm: "RSA", keySize: 4096 } } });
    for (const cert of plan.serviceCertificates) {
      const spec = cert.spec as CertificateSpec;
      assert.deepEqual(spec.privateKey, { algorithm: "RSA", size: 4096, encoding: "PKCS8", rotationPolicy: "Always" });
      assert.deepEqual(spec.usages, ["digital signature", "key encipherment", "server auth", "client auth"]);
    }
    const defaultRsa = tlsPlanOf("staging", { tls: { certificates: { keyAlgorithm: "RSA" } } });
    assert.equal((defaultRsa.serviceCertificates[0].spec as CertificateSpec).privateKey.size, 3072);
  });

  it("ECDSA keys never claim key encipherment", () => {
    for (const cert of tlsPlanOf("production").serviceCertificates) {
      assert.ok(!(cert.spec as CertificateSpec).usages.includes("key encipherment"));
    }
  });

  it("duration and renewBefore come from config", () => {
    const plan = tlsPlanOf("staging", { tls: { certificates: { duration: "720h", renewBefore: "240h" } } });
    for (const cert of plan.serviceCertificates) {
      assert.equal((cert.spec as CertificateSpec).duration, "720h");
      assert.equal((cert.spec as CertificateSpec).renewBefore, "240h");
    }
  });

  it("a service added in the stack's catalog gets its certificate", () => {
    const plan = tlsPlanOf("staging", {
      services: { "reviews-service": { namespace: "ecommerce", tier: "backend", ports: [{ name: "http", port: 9000 }], serviceAccount: "reviews-service" } },
    });
    const cert = plan.serviceCertificates.find((c) => c.metadata.name === "reviews-service");
    assert.ok(cert, "no certificate for the new service");
    assert.ok((cert.spec as CertificateSpec).dnsNames.includes("reviews-service.ecommerce.svc.cluster.local"));
  });

  it("the public certificate's key is one Let's Encrypt accepts, whatever the service key size", () => {
    const plan = tlsPlanOf("staging", { tls: { certificates: { keyAlgorithm: "ECDSA", keySize: 521 } } });
    assert.equal((plan.serviceCertificates[0].spec as CertificateSpec).privateKey.size, 521);
    assert.equal((plan.publicCertificate.spec as CertificateSpec).privateKey.size, 256);
  });

  it("an API host outside the wildcard is added to the public certificate", () => {
    const plan = tlsPlanOf("staging", { domains: { api: "api.v2.staging.shop.example.com" } });
    assert.deepEqual((plan.publicCertificate.spec as CertificateSpec).dnsNames, [
      "staging.shop.example.com",
      "*.staging.shop.example.com",
      "api.v2.staging.shop.example.com",
    ]);
  });

  it("a wildcard covers exactly one label", () => {
    assert.ok(coveredBy("api.shop.example.com", ["*.shop.example.com"]));
    assert.ok(!coveredBy("shop.example.com", ["*.shop.example.com"]));
    assert.ok(!coveredBy("a.b.shop.example.com", ["*.shop.example.com"]));
    assert.ok(!coveredBy("apishop.example.com", ["*.shop.example.com"]));
    assert.ok(coveredBy("shop.example.com", ["shop.example.com"]));
  });
});
