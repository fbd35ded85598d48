import { strict as assert } from "node:assert";
import { objectsOfKind, runStack, type StackRun } from "../../tests/harness";
import { certManagerResources, descendantsOf, ref } from "./test-fixtures";

const COMPONENT = "ecommerce:security:Certificates";

/**
 * Without the stack's own CA, logging needs an Elasticsearch TLS Secret named in config (its cross-check); every run
 * here names one, so logging is the same in each and only the TLS toggles differ.
 */
const ownElasticsearchTls = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" }, fluentBit: { caConfigMapName: "elasticsearch-ca" } } };

function all(run: StackRun): Set<string> {
  return new Set(run.resources.map(ref));
}

describe("TLS feature toggles", () => {
  it("features.certificates off removes exactly the Certificates component and the cert-manager namespace with what is in it", async () => {
    const on = await runStack("staging", { overrides: ownElasticsearchTls });
    const off = await runStack("staging", { overrides: { ...ownElasticsearchTls, features: { certificates: false } } });
    const certificates = descendantsOf(on, COMPONENT, "certificates");
    const namespace = descendantsOf(on, "ecommerce:security:SecureNamespace", "cert-manager");
    const inNamespace = new Set(on.resources.filter((r) => (r.inputs.metadata as { namespace?: string } | undefined)?.namespace === "cert-manager").map(ref));
    const expected = [...all(on)].filter(
      (r) =>
        r !== `${COMPONENT}::certificates` &&
        !certificates.has(r) &&
        r !== "ecommerce:security:SecureNamespace::cert-manager" &&
        !namespace.has(r) &&
        !inNamespace.has(r) &&
        // The signature policy of the ACME solver, which no longer runs.
        r !== "kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy::clusterimagepolicy-cert-manager-acmesolver-signed" &&
        // The registry's certificate (harbor-tls), which cert-manager would issue: Harbor then reads the Secret as it is.
        r !== "kubernetes:cert-manager.io/v1:Certificate::certificate-harbor-harbor",
    );
    assert.ok(certificates.size > 20);
    assert.deepEqual([...all(off)].sort(), expected.sort());
    assert.equal(off.outputs.internalCaCertificate, undefined);
  });

  it("features.helmReleases off skips the release and every cert-manager custom resource, keeps the Ingress", async () => {
    const run = await runStack("staging", { overrides: { ...ownElasticsearchTls, features: { helmReleases: false } } });
    const mine = descendantsOf(run, COMPONENT, "certificates");
    assert.ok(![...mine].some((r) => r.startsWith("kubernetes:helm.sh/")), "a release remains");
    assert.deepEqual(certManagerResources(run).map(ref), []);
    assert.deepEqual(objectsOfKind(run, "Secret", "cert-manager"), [], "no cert-manager namespace, so no secrets in it");
    assert.equal(objectsOfKind(run, "Ingress").length, 1);
    assert.equal(objectsOfKind(run, "ConfigMap").filter((c) => c.metadata.name?.endsWith("-security-headers")).length, 1);
  });

  it("features.tlsResources off skips the internal CA, its Secret, its issuer and the mTLS certificates only", async () => {
    const on = await runStack("staging", { overrides: ownElasticsearchTls });
    const run = await runStack("staging", { overrides: { ...ownElasticsearchTls, features: { tlsResources: false } } });
    const mine = [...descendantsOf(run, COMPONENT, "certificates")];
    assert.deepEqual(
      mine.filter((r) => r.startsWith("tls:") || r.includes("InternalCa")),
      [],
    );
    assert.deepEqual(
      objectsOfKind(run, "Secret", "cert-manager").map((s) => s.metadata.name),
      ["cloudflare-api-token"],
    );
    const issuers = objectsOfKind(run, "ClusterIssuer")
      .map((i) => i.metadata.name)
      .sort();
    assert.deepEqual(issuers, ["letsencrypt-prod", "letsencrypt-staging"]);
    // The ACME certificates stay: the shop's and the registry's (staging hosts Harbor).
    assert.deepEqual(
      objectsOfKind(run, "Certificate").map((c) => c.metadata.name),
      ["public-wildcard", "harbor"],
    );
    const removed = [...descendantsOf(on, COMPONENT, "certificates")].filter((r) => !mine.includes(r));
    // The root (component, key, certificate); per catalog namespace its intermediate (key, request, certificate),
    // ConfigMap, Secret and Issuer; the three admission policies and their bindings; the service certificates.
    const namespaces = new Set(on.config.catalog.map((s) => s.namespace)).size;
    assert.equal(removed.length, 3 + 6 * namespaces + 6 + on.config.catalog.length, `removed: ${removed.join(", ")}`);
    assert.equal(run.outputs.internalCaCertificate, undefined);
  });
});
