// `pulumi preview` passes computed values as unknown markers behind a proxy that throws when one is read. The pack
// must never crash on them and never report a breach that rests on an unknown value ("cannot tell"), while still
// reporting what is known to be wrong.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { readManifests } from "@ecommerce-security/manifests";
import { fromEngine, isUnknown, UNKNOWN } from "@ecommerce-security/policy-rules";
import { policies } from "../../policy/policies";
import { certManagerValues, deploymentWith, goodContainer, helmRelease, namespaceWith, resources } from "./builders";
import { engineUnknown, k8s, reportedBy, type FakeResource } from "../../cli/pack-engine";
import { BREACHING_RESOURCES, EXAMPLES_DIR } from "./fixtures/resources";

const RULE_POLICIES = policies.filter((p) => !p.name.startsWith("pss-remediate")).map((p) => p.name);
const U = engineUnknown;

/** Every (path, value) leaf of a JSON value, plus every object and list on the way. */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): Array<(string | number)[]> {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => fieldPaths(v, [...prefix, i]))];
  if (typeof value === "object" && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => fieldPaths(v, [...prefix, k]))];
  return here;
}

/** A copy of `props` with the value at `at` replaced by the engine's unknown marker of the right kind. */
function withUnknownAt(props: Record<string, unknown>, at: (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(props);
  let node = copy as Record<string | number, unknown>;
  for (const segment of at.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  const old = node[last];
  node[last] = Array.isArray(old)
    ? U.unknownArrayValue
    : typeof old === "object" && old !== null
      ? U.unknownObjectValue
      : typeof old === "boolean"
        ? U.unknownBooleanValue
        : typeof old === "number"
          ? U.unknownNumberValue
          : U.unknownStringValue;
  return copy;
}

/** The field path a report names ("(at spec.x)"), or "" for the whole resource. */
const reportedPath = (message: string) => /\(at ([^)]*)\)/.exec(message)?.[1] ?? "";

/** The dotted path the reports use for a segment list. */
const dotted = (segments: (string | number)[]) =>
  segments.reduce<string>((p, s) => (typeof s === "number" ? `${p}[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (p === "" ? s : `${p}.${s}`) : `${p}["${s}"]`), "");

describe("unknown values during preview", () => {
  it("the pack knows the engine's unknown markers (the constants of @pulumi/policy)", () => {
    const markers = Object.entries(U).filter(([key]) => /^unknown\w*Value$/.test(key));
    assert.equal(markers.length, 7);
    for (const [key, marker] of markers) assert.ok(isUnknown(marker), key);
    assert.equal(isUnknown("04da6b54"), false);
    assert.deepEqual(fromEngine({ a: [U.unknownStringValue, 1], b: U.unknownObjectValue, c: undefined }), { a: [UNKNOWN, 1], b: UNKNOWN });
  });

  it("an unknown image reports no image finding, and the rest of the pod is still judged", async () => {
    const set = resources(deploymentWith({ hostNetwork: true, containers: [goodContainer({ image: U.unknownStringValue })] }));
    for (const rule of ["image-tag-not-latest", "image-registry-allowed", "image-digest-pinned"]) assert.deepEqual(await reportedBy(rule, set), [], rule);
    const baseline = await reportedBy("pss-baseline", set);
    assert.equal(baseline.length, 1);
    assert.match(baseline[0].message, /hostNetwork=true/);
  });

  it("an unknown container securityContext hides that container's restricted findings, not a known host namespace", async () => {
    const set = resources(
      deploymentWith({ hostPID: true, securityContext: { runAsNonRoot: null }, containers: [goodContainer({ securityContext: U.unknownObjectValue })] }),
    );
    assert.deepEqual(await reportedBy("pss-restricted", set), []);
    const baseline = await reportedBy("pss-baseline", set);
    assert.deepEqual(
      baseline.map((r) => reportedPath(r.message)),
      ["spec.template.spec.hostPID"],
    );
  });

  it("an unknown pod-level securityContext makes the pod undecidable", async () => {
    const set = resources(
      deploymentWith({ securityContext: U.unknownObjectValue, containers: [goodContainer({ securityContext: { allowPrivilegeEscalation: null } })] }),
    );
    assert.deepEqual(await reportedBy("pss-restricted", set), []);
  });

  it("unknown namespace labels leave the level undecidable", async () => {
    const namespace = namespaceWith("shop");
    namespace.metadata = { name: "shop", labels: U.unknownObjectValue };
    assert.deepEqual(await reportedBy("pss-restricted", resources(deploymentWith({ securityContext: { runAsNonRoot: null } }), namespace)), []);
  });

  it("a bucket configuration whose bucket is unknown is linked through the engine's property dependencies", async () => {
    const bucket: FakeResource = { type: "aws:s3/bucket:Bucket", name: "backups", props: { bucket: "shop-backups" } };
    const block: FakeResource = {
      type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      name: "backups-public-access",
      props: { bucket: U.unknownStringValue, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      dependsOnByProperty: { bucket: ["backups"] },
    };
    const other: FakeResource = { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "shop-logs" } };
    const reported = await reportedBy("aws-s3-public-access-blocked", [bucket, block, other]);
    assert.deepEqual(
      reported.map((r) => r.resource),
      ["logs"],
    );
  });

  it("unknown Helm values, chart version or repository report nothing", async () => {
    const release = helmRelease("cert-manager", U.unknownStringValue, U.unknownStringValue, U.unknownObjectValue as unknown as object);
    for (const rule of ["helm-chart-version-pinned", "helm-repository-allowed", "helm-security-values"])
      assert.deepEqual(await reportedBy(rule, [release]), [], rule);
    const partly = helmRelease("cert-manager", "https://charts.jetstack.io", "v1.19.1", {
      ...certManagerValues(),
      webhook: { securityContext: U.unknownObjectValue, containerSecurityContext: {} },
    });
    assert.deepEqual(await reportedBy("helm-security-values", [partly]), []);
  });

  describe("any single value of the deliberate-breach program made unknown", () => {
    const manifests = readManifests([path.join(EXAMPLES_DIR, "breaches.yaml")]).map((m) => k8s(m.object as Parameters<typeof k8s>[0]));
    const fakes = [...manifests, ...BREACHING_RESOURCES.map((b) => b.resource)];

    it("never crashes a policy and never reports at or under the unknown value", async function () {
      this.timeout(120000);
      let variants = 0;
      for (const [index, fake] of fakes.entries()) {
        for (const at of fieldPaths(fake.props)) {
          if (at[0] === "apiVersion" || at[0] === "kind") continue;
          const variant = fakes.map((f, i) => (i === index ? { ...f, props: withUnknownAt(f.props, at) } : f));
          const unknownPath = dotted(at);
          for (const name of RULE_POLICIES) {
            for (const r of await reportedBy(name, variant)) {
              if (r.resource !== fake.name) continue;
              const where = reportedPath(r.message);
              const onUnknown = where === unknownPath || where.startsWith(`${unknownPath}.`) || where.startsWith(`${unknownPath}[`);
              assert.ok(!onUnknown, `${name} reported ${fake.name} at ${where} although ${unknownPath} is unknown: ${r.message}`);
            }
          }
          variants++;
        }
      }
      assert.ok(variants > 150, `only ${variants} variants`);
    });
  });
});
