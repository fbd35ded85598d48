// The small parsers rules rely on, at their edges: image references, TLS host wildcards, Go durations.
import { strict as assert } from "node:assert";
import { parseImageReference, registryAllowed } from "../src/images";
import { durationSeconds } from "../src/mesh";
import { tlsHostCovers } from "../src/network";

describe("rule parsers", () => {
  it("reads image references as container runtimes do", () => {
    assert.deepEqual(parseImageReference("nginx"), { registry: "docker.io", repository: "library/nginx", tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference("aquasec/trivy:0.67.2"), { registry: "docker.io", repository: "aquasec/trivy", tag: "0.67.2", digest: undefined });
    assert.deepEqual(parseImageReference("localhost:5000/shop/web"), { registry: "localhost:5000", repository: "shop/web", tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference(`ghcr.io/x/y@sha256:${"0".repeat(64)}`), {
      registry: "ghcr.io",
      repository: "x/y",
      tag: undefined,
      digest: `sha256:${"0".repeat(64)}`,
    });
    assert.equal(parseImageReference("registry.example.com:443/a/b:1.2").tag, "1.2");
  });

  it("allow-lists a registry or a repository prefix, never a look-alike host", () => {
    const allowed = ["registry.shop.example.com", "docker.io/aquasec"];
    assert.ok(registryAllowed(parseImageReference("registry.shop.example.com/shop/web:1"), allowed));
    assert.ok(registryAllowed(parseImageReference("aquasec/trivy:0.67.2"), allowed));
    assert.ok(!registryAllowed(parseImageReference("nginx:1.27"), allowed));
    assert.ok(!registryAllowed(parseImageReference("registry.shop.example.com.evil.net/shop/web:1"), allowed));
    assert.ok(!registryAllowed(parseImageReference("docker.io/aquasecurity/trivy:1"), allowed));
  });

  it("a wildcard TLS host covers exactly one label", () => {
    assert.ok(tlsHostCovers("*.shop.example.com", "api.shop.example.com"));
    assert.ok(!tlsHostCovers("*.shop.example.com", "a.b.shop.example.com"));
    assert.ok(!tlsHostCovers("*.shop.example.com", "shop.example.com"));
  });

  it("reads Go durations as cert-manager does", () => {
    assert.equal(durationSeconds("2160h"), 2160 * 3600);
    assert.equal(durationSeconds("1h30m"), 5400);
    assert.equal(durationSeconds("90d"), undefined);
    assert.equal(durationSeconds(""), undefined);
  });
});
