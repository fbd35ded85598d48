import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveCertificates, type CertificatesConfig, type ResolvedCertificates } from "./settings";

/** The resolved certificates settings of a real stack with an edit; fails when the concern is absent. */
function resolvedOf(stack: string, overrides: Record<string, unknown> = {}): ResolvedCertificates {
  const settings = resolveCertificates(stackConfigWith(stack, overrides));
  assert.ok(settings, `certificates absent from ${stack}`);
  return settings;
}

/** A validated stack configuration with some of its resolved keys replaced (what a stack file cannot express). */
function configWith(stack: string, replace: Partial<CertificatesConfig>): CertificatesConfig {
  return { ...stackConfigWith(stack), ...replace };
}

describe("certificates settings", () => {
  it("the public issuer defaults to letsencrypt-prod in production and letsencrypt-staging elsewhere; tls.publicIssuer wins", () => {
    assert.equal(resolvedOf("production").publicIssuer, "letsencrypt-prod");
    assert.equal(resolvedOf("staging").publicIssuer, "letsencrypt-staging");
    assert.equal(resolvedOf("e2e").publicIssuer, "letsencrypt-staging");
    assert.equal(resolvedOf("staging", { tls: { publicIssuer: "letsencrypt-prod" } }).publicIssuer, "letsencrypt-prod");
  });

  it("cert-manager runs highly available in production unless tls.certManager.highAvailability says otherwise", () => {
    assert.equal(resolvedOf("production").certManager.highAvailability, true);
    assert.equal(resolvedOf("staging").certManager.highAvailability, false);
    assert.equal(resolvedOf("staging", { tls: { certManager: { highAvailability: true } } }).certManager.highAvailability, true);
  });

  it("the service key size defaults per algorithm (256 for ECDSA, 3072 for RSA) and keeps an explicit one", () => {
    assert.equal(resolvedOf("staging", { tls: { certificates: { keyAlgorithm: "ECDSA" } } }).certificates.keySize, 256);
    assert.equal(resolvedOf("staging", { tls: { certificates: { keyAlgorithm: "RSA" } } }).certificates.keySize, 3072);
    assert.equal(resolvedOf("staging", { tls: { certificates: { keyAlgorithm: "RSA", keySize: 4096 } } }).certificates.keySize, 4096);
  });

  it("the Ingress's edge service is found in the catalog, with its namespace and the port name", () => {
    const config = stackConfigWith("staging");
    const gateway = config.catalog.find((s) => s.name === "api-gateway")!;
    assert.deepEqual(resolvedOf("staging").edge, { name: "api-gateway", namespace: gateway.namespace, port: "http" });
  });

  it("DNS-01 carries the Cloudflare token; without tls.dns01 there is neither", () => {
    const config = stackConfigWith("staging");
    assert.deepEqual(resolvedOf("staging").dns01, { zone: "shop.example.com", cloudflareApiToken: config.credentials.cloudflareApiToken });
    assert.equal(resolvedOf("staging", { tls: { dns01: undefined }, cloudflareApiToken: undefined }).dns01, undefined);
  });

  it("every catalog service gets a certificate, in catalog order, under the mesh trust domain", () => {
    const config = stackConfigWith("production");
    const settings = resolvedOf("production");
    assert.deepEqual(
      settings.services.map((s) => s.name),
      config.catalog.map((s) => s.name),
    );
    assert.equal(settings.trustDomain, config.mesh.trustDomain);
  });

  it("what the stack may use decides the release and the internal CA; protection follows the environment", () => {
    const staging = resolvedOf("staging");
    assert.deepEqual([staging.installCertManager, staging.createInternalCa, staging.protect], [true, true, false]);
    assert.equal(resolvedOf("production").protect, true);
    // The e2e stack installs no cert-manager but creates the internal CA with the TLS provider (features.tlsResources).
    const e2e = resolvedOf("e2e");
    assert.deepEqual([e2e.installCertManager, e2e.createInternalCa], [false, true]);
  });

  it("is absent when features.certificates is off or there is no tls section", () => {
    const config = stackConfigWith("staging");
    assert.equal(resolveCertificates(configWith("staging", { features: { ...config.features, certificates: false } })), undefined);
    assert.equal(resolveCertificates(configWith("staging", { tls: undefined })), undefined);
  });

  it("is absent for a configuration its checks refuse (resolved anyway so every problem is reported at once)", () => {
    const config = stackConfigWith("staging");
    assert.equal(resolveCertificates(configWith("staging", { credentials: {} })), undefined, "DNS-01 without the token");
    assert.equal(resolveCertificates(configWith("staging", { tls: { ...config.tls!, ingress: { ...config.tls!.ingress, service: "api-gw" } } })), undefined);
  });
});
