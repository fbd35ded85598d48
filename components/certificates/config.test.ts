import { strict as assert } from "node:assert";
import { durationHours } from "./schema";
import { configErrorWith, stackConfigWith } from "../../tests/harness/config";

const configError = (stack: string, overrides: Record<string, unknown>) => configErrorWith(stack, overrides).message;

describe("tls configuration", () => {
  it("defaults: ECDSA service keys, 90-day certificates renewed 15 days before, the nginx class", () => {
    const t = stackConfigWith("staging").tls!;
    assert.equal(t.certificates.keyAlgorithm, "ECDSA");
    assert.equal(t.certificates.duration, "2160h");
    assert.equal(t.certificates.renewBefore, "360h");
    assert.equal(t.ingress.className, "nginx");
    assert.equal(t.ingress.service, "api-gateway");
  });

  it("renewBefore must be shorter than duration", () => {
    assert.match(
      configError("staging", { tls: { certificates: { duration: "240h", renewBefore: "360h" } } }),
      /Pulumi\.staging\.yaml: ecommerce-security:tls\.certificates\.renewBefore: must be shorter than certificates\.duration \(240h\)/,
    );
  });

  it("key sizes are checked per algorithm", () => {
    assert.match(
      configError("staging", { tls: { certificates: { keyAlgorithm: "ECDSA", keySize: 300 } } }),
      /tls\.certificates\.keySize: ECDSA key size must be 256, 384 or 521/,
    );
    assert.match(
      configError("staging", { tls: { certificates: { keyAlgorithm: "RSA", keySize: 1024 } } }),
      /tls\.certificates\.keySize: RSA keys must be 2048 to 8192 bits/,
    );
  });

  it("the ingress must route to a catalog service and one of its ports", () => {
    assert.match(
      configError("staging", { tls: { ingress: { service: "api-gw" } } }),
      /tls\.ingress\.service: is not a catalog service; known: api-gateway, .* \(got "api-gw"\)/,
    );
    assert.match(
      configError("staging", { tls: { ingress: { port: "https" } } }),
      /tls\.ingress\.port: api-gateway has no port of that name; its ports: http \(got "https"\)/,
    );
  });

  it("the DNS-01 zone must hold the public domain", () => {
    assert.match(
      configError("production", { tls: { dns01: { zone: "example.org" } } }),
      /tls\.dns01\.zone: must be domains\.public \(shop\.example\.com\) or a parent of it.* \(got "example\.org"\)/,
    );
    assert.equal(stackConfigWith("production", { tls: { dns01: { zone: "example.com" } } }).tls!.dns01!.zone, "example.com");
  });

  it("DNS-01 without the Cloudflare token is refused", () => {
    assert.match(configError("staging", { cloudflareApiToken: undefined }), /cloudflareApiToken: is required \(as a secret\) when tls\.dns01 is set/);
  });

  it("Go durations convert to hours", () => {
    assert.equal(durationHours("2160h"), 2160);
    assert.equal(durationHours("90m"), 1.5);
    assert.equal(durationHours("1h30m"), 1.5);
  });
});
