// The policy pack renders Helm releases with the real helm and the pinned charts (../shared/charts): a release whose
// values grant what restricted forbids is a mandatory violation naming <release>/<kind>/<name>, the program's hardened
// values pass, both real stacks are clean with their reviewed exceptions applied to the rendered objects, unknown values
// at preview never make a breach, and the pack run as the Pulumi CLI runs it (the analyzer server in policy/, configured
// over gRPC, helm from ES_HELM, PATH or the tool cache) reports the same.
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policy/policies";
import { forgetRenderings } from "../../policy/release-rendering";
import { engineUnknown, reportedBy, urnOf, type FakeResource } from "../../cli/pack-engine";
import { RELEASE_TYPE } from "../../platform/offline/helm-releases";
import { repoRoot } from "../../platform/offline/stack-file";
import { call, Empty, LEVEL, startAnalyzer } from "../policy/analyzer";
import { REAL_STACKS, renderedStack, SHARED_CHARTS } from "./rendered-stacks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(value: object): unknown } };

/** What the program registers, as the engine hands it to the pack: every custom resource with its inputs. */
const engineResources = (resources: ReadonlyArray<{ custom: boolean; type: string; name: string; inputs: Record<string, unknown> }>): FakeResource[] =>
  resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, props: r.inputs }));

/** Every mandatory policy's reports over a set, with each policy's entry of the pack configuration, as `policy resource: message`. */
async function mandatoryReports(set: readonly FakeResource[], packConfig: Record<string, unknown>): Promise<string[]> {
  const reported: string[] = [];
  for (const policy of policies) {
    if (policy.enforcementLevel !== "mandatory") continue;
    const own = packConfig[policy.name];
    for (const r of await reportedBy(policy.name, set, typeof own === "object" && own !== null ? (own as Record<string, unknown>) : {}))
      reported.push(`${policy.name} ${r.resource ?? ""}: ${r.message}`);
  }
  return reported;
}

describe("the policy pack renders Helm releases with the pinned charts", function () {
  this.timeout(600_000);
  beforeEach(() => forgetRenderings());

  /** The staging stack's Velero release (its hardened values), with `values` deep-changed by `change`. */
  async function veleroWith(change: (values: Record<string, unknown>) => void): Promise<{ set: FakeResource[]; packConfig: Record<string, unknown> }> {
    const { run, plan } = await renderedStack("staging");
    const set = engineResources(run.resources).map((r) => structuredClone(r));
    const velero = set.find((r) => r.type === RELEASE_TYPE && r.props.name === "velero");
    assert.ok(velero, "staging declares a velero release");
    change(velero.props.values as Record<string, unknown>);
    return { set, packConfig: plan.packConfig as Record<string, unknown> };
  }

  for (const stack of REAL_STACKS) {
    it(`${stack}: no mandatory violation with every release rendered, the stack's reviewed exceptions covering the charts' privileges`, async () => {
      const { run, plan } = await renderedStack(stack);
      const rendering = plan.packConfig["helm-release-rendered"] as Record<string, unknown>;
      assert.deepEqual([rendering.helmRender, rendering.chartsDir], ["required", SHARED_CHARTS]);
      assert.deepEqual(await mandatoryReports(engineResources(run.resources), plan.packConfig as Record<string, unknown>), []);
    });
  }

  it("Velero with its chart's RBAC on (cluster-admin) is a mandatory violation naming velero/ClusterRoleBinding/velero-server", async () => {
    const { set, packConfig } = await veleroWith((values) => {
      values.rbac = { create: true, clusterAdministrator: true };
    });
    const reported = await mandatoryReports(set, packConfig);
    assert.ok(
      reported.some((r) =>
        /^rbac-no-cluster-admin-binding backup-velero: velero\/ClusterRoleBinding\/velero-server: binds the cluster-admin ClusterRole \(at roleRef\.name\)/.test(
          r,
        ),
      ),
      reported.join("\n"),
    );
  });

  it("a privileged container asked for through the chart's securityContext values is a Pod Security violation naming velero/Deployment/velero", async () => {
    const { set, packConfig } = await veleroWith((values) => {
      values.containerSecurityContext = { ...(values.containerSecurityContext as object), privileged: true };
    });
    const reported = await mandatoryReports(set, packConfig);
    assert.ok(
      reported.some((r) => /^pss-baseline backup-velero: velero\/Deployment\/velero: privileged .*containers\[0\]\.securityContext\.privileged/.test(r)),
      reported.join("\n"),
    );
  });

  it("unknown values at preview are never a breach, while what is known is still judged", async () => {
    const roleArn = (values: Record<string, unknown>) => {
      values.serviceAccount = { server: { annotations: { "eks.amazonaws.com/role-arn": engineUnknown.unknownStringValue } } };
    };
    const notes = async (set: FakeResource[]) =>
      (await reportedBy("helm-release-not-rendered", set)).filter((r) => r.resource === "backup-velero").map((r) => r.message);
    // An unknown role ARN (computed by the backup's IAM role): rendered around it, no note, no breach.
    const unknownArn = await veleroWith(roleArn);
    assert.deepEqual(await mandatoryReports(unknownArn.set, unknownArn.packConfig), []);
    assert.deepEqual(await notes(unknownArn.set), []);
    // A known breach beside the unknown role ARN is still reported.
    forgetRenderings();
    const knownBreach = await veleroWith((values) => {
      roleArn(values);
      values.rbac = { create: true, clusterAdministrator: true };
    });
    assert.ok((await mandatoryReports(knownBreach.set, knownBreach.packConfig)).some((r) => r.includes("velero/ClusterRoleBinding/velero-server")));
    // Switches and contexts the chart branches on, unknown: Velero's values schema refuses any stand-in for a boolean or an
    // object, so the release waits for the update (noted), and nothing is reported.
    forgetRenderings();
    const unknownSwitches = await veleroWith((values) => {
      values.rbac = { create: engineUnknown.unknownBooleanValue, clusterAdministrator: engineUnknown.unknownBooleanValue };
      values.containerSecurityContext = engineUnknown.unknownObjectValue;
    });
    assert.deepEqual(await mandatoryReports(unknownSwitches.set, unknownSwitches.packConfig), []);
    const [note] = await notes(unknownSwitches.set);
    assert.match(
      note,
      /^release velero is not rendered at preview: values\.containerSecurityContext, values\.rbac\.create, values\.rbac\.clusterAdministrator are not known until the update \(helm template .*want boolean/s,
    );
  });

  it("required: a chart missing from chartsDir is a mandatory violation naming the chart; off: values only", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-charts-"));
    fs.writeFileSync(path.join(empty, "index.yaml"), "apiVersion: v1\nentries: {}\n");
    const { set, packConfig } = await veleroWith(() => undefined);
    const missing = await mandatoryReports(set, { ...packConfig, "helm-release-rendered": { helmRender: "required", chartsDir: empty } });
    assert.ok(
      missing.some((r) => /^helm-release-rendered backup-velero: release velero was not rendered.*chart velero 12\.1\.0 is not in the repository/.test(r)),
      missing.join("\n"),
    );
    forgetRenderings();
    const breach = await veleroWith((values) => {
      values.rbac = { create: true, clusterAdministrator: true };
    });
    assert.deepEqual(await mandatoryReports(breach.set, { ...breach.packConfig, "helm-release-rendered": { helmRender: "off" } }), []);
  });

  describe("run as the Pulumi CLI runs it: the analyzer server in policy/, configured over gRPC", () => {
    let pack: ChildProcess;
    let client: AnalyzerClient;

    before(async () => {
      ({ pack, client } = await startAnalyzer(
        path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack"),
        path.join(repoRoot, "policy"),
      ));
    });
    after(() => {
      client?.close();
      pack?.kill();
    });

    it("renders a release with the configured chartsDir and reports the chart's cluster-admin binding, mandatory, against it", async () => {
      const configure = new analyzer.ConfigureAnalyzerRequest();
      const rendering = new analyzer.PolicyConfig();
      rendering.setEnforcementlevel(LEVEL.MANDATORY);
      rendering.setProperties(Struct.fromJavaScript({ helmRender: "required", chartsDir: SHARED_CHARTS }) as never);
      configure.getPolicyconfigMap().set("helm-release-rendered", rendering);
      await call<analyzer.ConfigureAnalyzerRequest, unknown>(client.configure.bind(client) as never, configure);
      const { set } = await veleroWith((values) => {
        values.rbac = { create: true, clusterAdministrator: true };
      });
      const velero = set.find((r) => r.type === RELEASE_TYPE && r.props.name === "velero") as FakeResource;
      const request = new analyzer.AnalyzeRequest();
      request.setType(RELEASE_TYPE);
      request.setName(velero.name);
      request.setUrn(urnOf(velero));
      request.setProperties(Struct.fromJavaScript(velero.props) as never);
      const options = new analyzer.AnalyzerResourceOptions();
      options.setProtect(false);
      request.setOptions(options);
      const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze.bind(client), request);
      const admin = response.getDiagnosticsList().filter((d) => d.getPolicyname() === "rbac-no-cluster-admin-binding");
      assert.deepEqual(
        // The analyzer puts the policy's description first, then the message.
        admin.map((d) => [d.getEnforcementlevel(), /\nvelero\/ClusterRoleBinding\/velero-server: binds the cluster-admin ClusterRole/.test(d.getMessage())]),
        [[LEVEL.MANDATORY, true]],
      );
      assert.deepEqual(
        response.getDiagnosticsList().filter((d) => d.getPolicyname().startsWith("helm-release-")),
        [],
        "rendered, so no note",
      );
      void Empty;
    });
  });
});
