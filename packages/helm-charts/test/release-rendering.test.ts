// The rendering path the plan and the pack share, without helm (a stand-in prints objects from the values): a Release's
// inputs read as the engine gives them, each release rendered once, missing helm and charts told apart, unknown values
// never turned into a finding, findings on rendered objects named <release>/<kind>/<name>, exceptions applied to them.
import { strict as assert } from "node:assert";
import { configureRules, isUnknown, rulesOf, UNKNOWN, type PolicyResource } from "@ecommerce-security/policy-rules";
import {
  evaluateReleases,
  HelmNotFoundError,
  parseRendered,
  releaseFromInputs,
  ReleaseRenderer,
  renderedPolicyResource,
  restoreUnknowns,
  valuesVariants,
  type JudgedRelease,
  type ReleaseSpec,
} from "../src";
import { fakeHelm, type FakeHelm } from "./fake-helm";

const inputs = (values: unknown, extra: Record<string, unknown> = {}) => ({
  name: "backup",
  chart: "fake",
  version: "1.0.0",
  namespace: "backup",
  repositoryOpts: { repo: "https://charts.example.com" },
  values,
  ...extra,
});

const specOf = (props: Record<string, unknown>): ReleaseSpec => {
  const read = releaseFromInputs(props, "resource-name");
  if (!("spec" in read)) throw new Error(`unknown inputs ${read.unknownInputs.join(", ")}`);
  return read.spec;
};

describe("helm-charts: a Release's inputs", () => {
  it("reads name, namespace, chart, version, repository and values, with Helm's defaults", () => {
    assert.deepEqual(specOf(inputs({ a: 1 })), {
      release: "backup",
      namespace: "backup",
      chart: "fake",
      version: "1.0.0",
      repository: "https://charts.example.com",
      values: { a: 1 },
    });
    const bare = specOf({ chart: "oci://ghcr.io/example/charts/fake", version: "1.0.0" });
    assert.deepEqual([bare.release, bare.namespace, bare.chart, bare.repository], ["resource-name", "default", "fake", "oci://ghcr.io/example/charts"]);
  });

  it("names the inputs that are unknown, and the unknown paths inside the values", () => {
    assert.deepEqual(releaseFromInputs(inputs(UNKNOWN, { version: UNKNOWN }), "r"), { unknownInputs: ["version", "values"] });
    const read = releaseFromInputs(inputs({ serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": UNKNOWN } }, list: [UNKNOWN] }), "r");
    assert.ok("spec" in read);
    assert.deepEqual(read.unknownValues, ['values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]', "values.list[0]"]);
  });
});

describe("helm-charts: unknown values", () => {
  it("renders each unknown once as a marker and once as null, and turns a rendered marker back into an unknown", () => {
    const [markers, nulls] = valuesVariants({ a: UNKNOWN, b: [UNKNOWN, 1], c: "known" });
    assert.deepEqual(nulls, { a: null, b: [null, 1], c: "known" });
    assert.equal(typeof markers.a, "string");
    assert.notEqual(markers.a, (markers.b as unknown[])[0]);
    const restored = restoreUnknowns({ image: `${String(markers.a)}:1.0`, kept: "known", n: 1 });
    assert.ok(isUnknown(restored.image));
    assert.deepEqual([restored.kept, restored.n], ["known", 1]);
  });
});

describe("helm-charts: leaving kinds out unparsed", () => {
  it("drops the documents of the omitted kinds, block scalars and all, and keeps the others with their sources", () => {
    const output = [
      "---",
      "# Source: x/crds/crd.yaml",
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec:\n  description: |\n    kind: Deployment",
      "---",
      "# Source: x/templates/sa.yaml",
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x",
      "",
    ].join("\n");
    const kept = parseRendered(output, "ns", new Set(["CustomResourceDefinition"]));
    assert.deepEqual(
      kept.map((o) => [o.object.kind, o.source]),
      [["ServiceAccount", "x/templates/sa.yaml"]],
    );
    assert.equal(parseRendered(output, "ns").length, 2);
  });
});

describe("helm-charts: rendering releases once each", () => {
  let fake: FakeHelm;
  before(() => {
    fake = fakeHelm();
  });

  const renderer = (options: { chartsDir?: string; helm?: string } = {}) =>
    new ReleaseRenderer({
      chartsDir: "chartsDir" in options ? options.chartsDir : fake.chartsDir,
      cacheDir: "/nonexistent",
      capabilities: { kubernetesVersion: "1.34.0", apiVersions: [] },
      helm: { path: options.helm ?? fake.helm, version: "v3.99.0" },
    });

  it("renders a release once per chart, version, release, namespace and values, however often it is asked", () => {
    const r = renderer();
    const before = fake.renders();
    for (let i = 0; i < 5; i++) r.outcome(releaseFromInputs(inputs({ a: 1 }), "x"));
    r.outcome(releaseFromInputs(inputs({ a: 2 }), "x"));
    assert.equal(fake.renders() - before, 2);
    assert.equal(r.renderCount, 2);
  });

  it("tells a missing chart, a missing helm and a failing template apart, each with what to do", () => {
    const missingChart = renderer().outcome(releaseFromInputs(inputs({}, { version: "9.9.9" }), "x"));
    assert.ok(missingChart.status === "failed" && missingChart.problem === "chart", JSON.stringify(missingChart));
    assert.match(missingChart.message, /no fake-9\.9\.9\.tgz in /);
    const noHelm = new ReleaseRenderer({
      cacheDir: "/nonexistent",
      capabilities: { apiVersions: [] },
      helm: () => {
        throw new HelmNotFoundError("no helm on PATH");
      },
    });
    const pulled = noHelm.outcome(releaseFromInputs(inputs({}), "x"));
    assert.ok(pulled.status === "failed" && pulled.problem === "helm", JSON.stringify(pulled));
    assert.match(pulled.message, /ES_HELM/);
    const failing = renderer().outcome(releaseFromInputs(inputs({ requiredBucket: true, bucket: "b" }, { name: "ok" }), "x"));
    assert.equal(failing.status, "rendered");
    const broken = renderer().outcome(releaseFromInputs(inputs({ requiredBucket: true }), "x"));
    assert.ok(broken.status === "failed" && broken.problem === "render" && /bucket is required/.test(broken.message), JSON.stringify(broken));
  });

  it("finds a release's local chart package in chartsDir by its name and version, and says what to set without one", () => {
    const local = inputs({}, { chart: "../shared/charts/fake-1.0.0.tgz", repositoryOpts: undefined });
    assert.equal(renderer().outcome(releaseFromInputs(local, "x")).status, "rendered");
    const without = renderer({ chartsDir: undefined }).outcome(releaseFromInputs(local, "x"));
    assert.ok(without.status === "failed" && /set chartsDir to the folder that holds fake-1\.0\.0\.tgz/.test(without.message), JSON.stringify(without));
  });

  it("renders values with unknowns twice, and a chart that refuses the stand-ins leaves the release to the update", () => {
    const r = renderer();
    const outcome = r.outcome(releaseFromInputs(inputs({ image: UNKNOWN, rbac: { clusterAdministrator: UNKNOWN } }), "x"));
    assert.ok(outcome.status === "rendered" && outcome.variants.length === 2);
    const [markers, nulls] = outcome.variants;
    const deployment = markers.find((o) => o.object.kind === "Deployment")?.object as unknown as {
      spec: { template: { spec: { containers: Array<{ image: unknown }> } } };
    };
    assert.ok(isUnknown(deployment.spec.template.spec.containers[0].image));
    assert.deepEqual([markers.length, nulls.length], [3, 2]);
    const refused = r.outcome(releaseFromInputs(inputs({ requiredBucket: true, bucket: UNKNOWN }), "x"));
    assert.ok(refused.status === "unknown" && refused.unknown.includes("values.bucket"), JSON.stringify(refused));
  });
});

describe("helm-charts: judging rendered objects", () => {
  const rules = (config = {}) => configureRules(rulesOf(["rbac", "pod-security", "images"]), config);
  const binding = (name: string): Record<string, unknown> => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ kind: "ServiceAccount", name: "velero", namespace: "velero" }],
  });
  const release = (variants: Array<Array<Record<string, unknown>>>): JudgedRelease => ({
    release: "velero",
    urn: "urn:velero",
    variants: variants.map((objects) => objects.map((o) => renderedPolicyResource(o))),
  });

  it("names each finding on a rendered object <release>/<kind>/<name>, with the Release's URN", () => {
    const { releaseFindings } = evaluateReleases(rules(), [], [release([[binding("velero-server")]])]);
    const admin = releaseFindings.filter((f) => f.finding.policy === "rbac-no-cluster-admin-binding");
    assert.deepEqual(
      admin.map((f) => [f.object, f.urn, f.finding.enforcementLevel]),
      [["velero/ClusterRoleBinding/velero-server", "urn:velero", "mandatory"]],
    );
  });

  it("applies a reviewed exception to the rendered object it names, and reports it apart", () => {
    const config = {
      "rbac-no-cluster-admin-binding": {
        exceptions: [{ resource: "ClusterRoleBinding velero-server", reason: "Velero restores any kind of object cluster-wide" }],
      },
    };
    const result = evaluateReleases(rules(config), [], [release([[binding("velero-server")]])]);
    assert.deepEqual(
      result.releaseFindings.filter((f) => f.finding.policy === "rbac-no-cluster-admin-binding"),
      [],
    );
    assert.deepEqual(
      result.excepted.map((f) => [f.policy, f.resource.name]),
      [["rbac-no-cluster-admin-binding", "velero-server"]],
    );
  });

  it("keeps only the findings every render of a release gives: one that hangs on an unknown is never reported", () => {
    const withUnknown = release([[binding("velero-server")], []]);
    assert.deepEqual(evaluateReleases(rules(), [], [withUnknown]).releaseFindings, []);
    const both = release([[binding("velero-server")], [binding("velero-server")]]);
    assert.equal(evaluateReleases(rules(), [], [both]).releaseFindings.filter((f) => f.finding.policy === "rbac-no-cluster-admin-binding").length, 1);
  });

  it("judges rendered objects beside the stack's own and, asked to, only them", () => {
    const program: PolicyResource[] = [renderedPolicyResource(binding("program-admin"))];
    const all = evaluateReleases(rules(), program, [release([[binding("velero-server")]])]);
    const onlyRendered = evaluateReleases(rules(), program, [release([[binding("velero-server")]])], { judgeProgram: false });
    const names = (e: typeof all) => e.findings.filter((f) => f.policy === "rbac-no-cluster-admin-binding").map((f) => f.resource.name);
    assert.deepEqual(names(all), ["program-admin", "velero-server"]);
    assert.deepEqual(names(onlyRendered), ["velero-server"]);
  });
});
