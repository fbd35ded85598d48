// The pack renders Helm releases (without the real helm here: a stand-in prints objects from the values; the real charts
// are in tests/charts/pack-releases.spec.ts): every rule judges a Release's rendered objects and reports against the
// Release, naming the object <release>/<kind>/<name>; helmRender auto notes what is missing, required makes it
// mandatory, off renders nothing; unknown values at preview are never a breach; reviewed exceptions apply.
import { strict as assert } from "node:assert";
import { policies } from "../../policy/policies";
import { forgetRenderings } from "../../policy/release-rendering";
import { engineUnknown, reportedBy, type FakeResource } from "../../cli/pack-engine";
import { fakeHelm, type FakeHelm } from "../../packages/helm-charts/test/fake-helm";
import { defaultDeny, namespaceWith, resources } from "./builders";

/** A Release of the stand-in chart `fake` in namespace backup, as the program would register it. */
const release = (values: unknown, extra: Record<string, unknown> = {}): FakeResource => ({
  type: "kubernetes:helm.sh/v3:Release",
  name: "backup-release",
  props: {
    name: "backup",
    chart: "fake",
    version: "1.0.0",
    namespace: "backup",
    repositoryOpts: { repo: "https://vmware-tanzu.github.io/helm-charts" },
    values,
    ...extra,
  },
});

/** What the engine reports for a stack of these resources with this pack configuration, policy by policy, as `policy: message`. */
async function preview(stack: FakeResource[], packConfig: Record<string, Record<string, unknown>> = {}): Promise<string[]> {
  const reported: string[] = [];
  // The analyzer runs each resource's policies in the pack's order, then the stack policies.
  for (const policy of policies) {
    for (const r of await reportedBy(policy.name, stack, packConfig[policy.name] ?? {})) reported.push(`${policy.name} ${r.resource ?? ""}: ${r.message}`);
  }
  return reported;
}

describe("the pack renders Helm releases", () => {
  let fake: FakeHelm;
  const saved = process.env.ES_HELM;
  before(() => {
    fake = fakeHelm();
  });
  beforeEach(() => {
    forgetRenderings();
    process.env.ES_HELM = fake.helm;
  });
  after(() => {
    process.env.ES_HELM = saved;
    forgetRenderings();
  });

  const rendering = (config: Record<string, unknown>) => ({ "helm-release-rendered": { chartsDir: fake.chartsDir, ...config } });
  const stackWith = (values: unknown, extra: Record<string, unknown> = {}) => [
    ...resources(namespaceWith("backup"), defaultDeny("backup")),
    release(values, extra),
  ];

  it("renders the release first: the rendering policy leads the pack", () => {
    assert.deepEqual(
      policies.slice(0, 2).map((p) => p.name),
      ["helm-release-rendered", "helm-release-not-rendered"],
    );
  });

  it("reports a chart's cluster-admin binding as mandatory against the Release, naming <release>/<kind>/<name>", async () => {
    const reported = await preview(stackWith({ rbac: { clusterAdministrator: true } }), rendering({ helmRender: "required" }));
    assert.deepEqual(
      reported.filter((r) => r.startsWith("rbac-no-cluster-admin-binding")),
      [
        "rbac-no-cluster-admin-binding backup-release: backup/ClusterRoleBinding/backup-admin: binds the cluster-admin ClusterRole (at roleRef.name); fix: bind a Role with the verbs and resources the subjects need",
      ],
    );
    const level = policies.find((p) => p.name === "rbac-no-cluster-admin-binding")?.enforcementLevel;
    assert.equal(level, "mandatory");
  });

  it("reports a privileged container the values ask for at the namespace's Pod Security level (a stack policy, by the Release's URN)", async () => {
    const reported = await preview(
      stackWith({ securityContext: { privileged: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } }),
      rendering({}),
    );
    assert.ok(
      reported.some((r) =>
        /^pss-baseline backup-release: backup\/Deployment\/backup: privileged .*\(at spec\.template\.spec\.containers\[0\]\.securityContext\.privileged\)/.test(
          r,
        ),
      ),
      reported.join("\n"),
    );
  });

  it("passes the release whose values keep the chart restricted", async () => {
    assert.deepEqual(await preview(stackWith({ rbac: { clusterAdministrator: false } }), rendering({ helmRender: "required" })), []);
  });

  it("applies a reviewed exception to the rendered object it names", async () => {
    const config = {
      ...rendering({}),
      "rbac-no-cluster-admin-binding": {
        exceptions: [{ resource: "ClusterRoleBinding backup-admin", reason: "the backup tool restores every kind of object" }],
      },
    };
    assert.deepEqual(await preview(stackWith({ rbac: { clusterAdministrator: true } }), config), []);
  });

  it("never reports a breach an unknown value could cause, however the chart uses it", async () => {
    const values = {
      rbac: { clusterAdministrator: engineUnknown.unknownBooleanValue },
      securityContext: engineUnknown.unknownObjectValue,
      image: engineUnknown.unknownStringValue,
    };
    assert.deepEqual(await preview(stackWith(values), rendering({ helmRender: "required" })), []);
    // The known part is still judged: a known cluster-admin switch beside an unknown image is reported.
    const known = await preview(stackWith({ rbac: { clusterAdministrator: true }, image: engineUnknown.unknownStringValue }), rendering({}));
    assert.deepEqual(
      known.map((r) => r.split(":")[0]),
      ["rbac-no-cluster-admin-binding backup-release"],
    );
  });

  it("notes a release whose inputs are unknown at preview, and judges it at the update", async () => {
    const reported = await preview(stackWith({}, { version: engineUnknown.unknownStringValue }), rendering({ helmRender: "required" }));
    assert.deepEqual(reported, [
      "helm-release-not-rendered backup-release: release (name unknown) is not rendered at preview: version is not known until the update; `pulumi up --policy-pack` renders and judges it with the known values",
    ]);
  });

  describe("when helm or the chart is missing", () => {
    it("auto: an advisory note says what is missing and how to fix it; nothing mandatory", async () => {
      process.env.ES_HELM = "/nonexistent/helm";
      const reported = await preview(stackWith({ rbac: { clusterAdministrator: true } }), rendering({ helmRender: "auto" }));
      assert.equal(reported.length, 1, reported.join("\n"));
      assert.match(
        reported[0],
        /^helm-release-not-rendered backup-release: release backup was not rendered, so its objects were not judged: ES_HELM=\/nonexistent\/helm cannot be run\. Rendering charts needs a Helm 3\.x CLI: put one on PATH, set ES_HELM .*; or set helmRender: off/,
      );
    });

    it("required: a mandatory violation names what to install or pass", async () => {
      process.env.ES_HELM = "/nonexistent/helm";
      const noHelm = await preview(stackWith({}), rendering({ helmRender: "required" }));
      assert.equal(noHelm.length, 1, noHelm.join("\n"));
      assert.match(
        noHelm[0],
        /^helm-release-rendered backup-release: release backup was not rendered.*Helm 3\.x CLI.*; fix: install helm 3 \(or point ES_HELM at it\)/,
      );
      process.env.ES_HELM = fake.helm;
      forgetRenderings();
      const noChart = await preview(stackWith({}, { version: "2.0.0" }), rendering({ helmRender: "required" }));
      assert.equal(noChart.length, 1, noChart.join("\n"));
      assert.match(
        noChart[0],
        /^helm-release-rendered backup-release: .*no fake-2\.0\.0\.tgz in .*; fix: make the chart available \(chartsDir, repositoryMirrors/,
      );
    });

    it("off: nothing is rendered or noted, the values alone are judged", async () => {
      const before = fake.renders();
      process.env.ES_HELM = "/nonexistent/helm";
      assert.deepEqual(await preview(stackWith({ rbac: { clusterAdministrator: true } }), rendering({ helmRender: "off" })), []);
      assert.equal(fake.renders(), before);
    });
  });

  it("renders each release once for the whole pack", async () => {
    const before = fake.renders();
    await preview(stackWith({ rbac: { clusterAdministrator: true } }), rendering({}));
    assert.equal(fake.renders() - before, 1);
  });

  it("refuses a bad rendering configuration, naming the key and what is allowed", async () => {
    await assert.rejects(
      reportedBy("helm-release-rendered", stackWith({}), { helmRender: "yes", chartsDir: "charts" }),
      /helm-release-rendered\.helmRender: must be one of auto, required, off \(got "yes"\)[\s\S]*helm-release-rendered\.chartsDir: must be an absolute path/,
    );
  });
});
