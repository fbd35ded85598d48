// images.registryMirror: every chart image goes through the platform's registry, and the policy pack's image
// allow-list is then the mirror plus the organisations of the images the program runs itself, so a chart image that
// bypassed the mirror is a finding.
import { strict as assert } from "node:assert";
import { policyPackConfig } from "../../platform/policy-pack-config";
import { imageAllowList, resolveStack } from "../../platform/resolve";
import { configErrorWith, stackConfigWith } from "../harness/config";
import { resourcesOfType, runStack } from "../harness";

const MIRROR = "harbor.shop.example.com";

/**
 * Every value of a chart's values that names where an image (or a scanner database) is pulled from: an image
 * reference (`image: <registry>/<repository>:<tag>`), a registry (`imageRegistry`, `dbRegistry`, `registry` beside a
 * relative `repository`), or a repository that carries its registry (an `image` map without `registry`).
 */
function imageLocations(values: unknown, path = ""): Array<{ path: string; value: string }> {
  if (Array.isArray(values)) return values.flatMap((v, i) => imageLocations(v, `${path}[${i}]`));
  if (typeof values !== "object" || values === null) return [];
  const map = values as Record<string, unknown>;
  const parent = path.split(".").pop() ?? "";
  return Object.entries(map).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (typeof value !== "string") return imageLocations(value, at);
    const isLocation =
      /^(imageRegistry|dbRegistry|javaDbRegistry)$/.test(key) ||
      (key === "image" && value.includes("/")) ||
      key === "registry" ||
      (key === "repository" && !("registry" in map) && /image$/.test(parent));
    return isLocation ? [{ path: at, value }] : [];
  });
}

describe("images.registryMirror", () => {
  it("pulls every image of every chart through the mirror", async () => {
    const run = await runStack("staging", { overrides: { images: { registryMirror: MIRROR } } });
    const releases = resourcesOfType(run, "kubernetes:helm.sh/v3:Release");
    assert.equal(releases.length, 8);
    for (const release of releases) {
      const locations = imageLocations(release.inputs.values);
      assert.ok(locations.length > 0, `${release.name} sets no image location`);
      for (const { path, value } of locations) assert.ok(value.startsWith(`${MIRROR}/`), `${release.name}: ${path} = ${value}`);
    }
  });

  it("without a mirror, the charts pull from their upstream registries and the pack keeps its default allow-list", () => {
    const resolved = resolveStack(stackConfigWith("staging"));
    assert.equal(resolved.allowedRegistries, undefined);
    assert.equal(policyPackConfig([], resolved)["image-registry-allowed"], undefined);
  });

  it("with a mirror, the pack admits the mirror and the organisations of the program's own images, and no chart's upstream", () => {
    const config = stackConfigWith("staging", { images: { registryMirror: MIRROR } });
    const resolved = resolveStack(config);
    assert.deepEqual(resolved.allowedRegistries, [
      `${MIRROR}/`,
      "docker.io/aquasec/", // scanning.scannerImage
      "docker.elastic.co/elasticsearch/",
      "docker.elastic.co/kibana/",
      "cr.fluentbit.io/fluent/",
      "docker.elastic.co/beats/", // audit.eks.image (the EKS audit shipper)
      "docker.io/curlimages/", // compliance.gdprJobImage
    ]);
    for (const upstream of ["quay.io/jetstack/", "ghcr.io/", "docker.io/velero/", "docker.io/bitnami/", "registry.k8s.io/"]) {
      assert.ok(!resolved.allowedRegistries!.some((entry) => entry.startsWith(upstream)), `${upstream} is allowed`);
    }
    assert.deepEqual(policyPackConfig([], resolved)["image-registry-allowed"], { allowedRegistries: resolved.allowedRegistries });
  });

  it("an image the program runs itself is admitted by its organisation only, never its whole registry", () => {
    assert.deepEqual(imageAllowList("r.example.com/proxy", ["busybox:1.37", "registry.k8s.io/pause:3.10", "docker.io/aquasec/trivy:0.67.2@sha256:abc"]), [
      "r.example.com/proxy/",
      "docker.io/library/",
      "registry.k8s.io/",
      "docker.io/aquasec/",
    ]);
  });

  it("a mirror given as a URL or with a trailing slash is refused, naming the key", () => {
    for (const registryMirror of ["https://harbor.shop.example.com", "harbor.shop.example.com/"]) {
      assert.match(configErrorWith("staging", { images: { registryMirror } }).message, /images\.registryMirror: must be a registry host with an optional path/);
    }
  });
});
