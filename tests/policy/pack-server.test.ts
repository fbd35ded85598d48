// The pack as the Pulumi CLI runs it: @pulumi/pulumi's run-policy-pack program loads policy/index.ts (compiled by
// its ts-node under this Node), the PolicyPack starts the analyzer gRPC server and prints its port, and the engine
// calls Analyze, AnalyzeStack and Remediate with protobuf Structs in which unknowns are the wire sentinels.
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { ALL_RULES, podSecurityRemediations } from "@ecommerce-security/policy-rules";
import { repoRoot } from "../../platform/offline/stack-file";
import { analyzeRequest, call, Empty, LEVEL, stackResource, startAnalyzer } from "./analyzer";
import { deploymentWith, goodContainer, namespaceWith } from "./builders";
import { engineUnknown, urnOf } from "../../cli/pack-engine";

describe("the policy pack under the Pulumi analyzer server", function () {
  this.timeout(120000);
  let pack: ChildProcess;
  let client: AnalyzerClient;

  before(async () => {
    ({ pack, client } = await startAnalyzer(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack"), path.join(repoRoot, "policy")));
  });

  after(() => {
    client?.close();
    pack?.kill();
  });

  it("loads and describes every rule and remediation with its enforcement level", async () => {
    const info = await call<unknown, analyzer.AnalyzerInfo>(client.getAnalyzerInfo.bind(client) as never, new Empty());
    assert.equal(info.getName(), "ecommerce-security");
    const levels = new Map(info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]));
    for (const rule of ALL_RULES) assert.equal(levels.get(rule.name), rule.enforcementLevel === "mandatory" ? LEVEL.MANDATORY : LEVEL.ADVISORY, rule.name);
    for (const r of podSecurityRemediations) assert.equal(levels.get(r.name), LEVEL.REMEDIATE, r.name);
  });

  it("Analyze reports a mutable image tag as mandatory, naming the policy and the path", async () => {
    const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
      client.analyze.bind(client),
      analyzeRequest(deploymentWith({ containers: [goodContainer({ image: "registry.shop.example.com/shop/web:latest" })] })),
    );
    const diagnostics = response.getDiagnosticsList().filter((d) => d.getPolicyname() === "image-tag-not-latest");
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].getEnforcementlevel(), LEVEL.MANDATORY);
    assert.match(diagnostics[0].getMessage(), /uses the mutable tag "latest" \(at spec\.template\.spec\.containers\[0\]\.image\)/);
  });

  it('Analyze on unknown values during preview reports nothing and never falls back to "can\'t run policy"', async () => {
    const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
      client.analyze.bind(client),
      analyzeRequest(deploymentWith({ containers: [goodContainer({ image: engineUnknown.unknownStringValue })] })),
    );
    assert.deepEqual(
      response.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`),
      [],
    );
  });

  it("AnalyzeStack holds a workload to restricted whatever its namespace's label says, and reports it by URN", async () => {
    const request = new analyzer.AnalyzeStackRequest();
    const workload = deploymentWith({ securityContext: { runAsNonRoot: null } });
    request.setResourcesList([stackResource(namespaceWith("shop")), stackResource(workload)]);
    const response = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack.bind(client), request);
    const restricted = response.getDiagnosticsList().filter((d) => d.getPolicyname() === "pss-restricted");
    assert.equal(restricted.length, 1);
    assert.equal(restricted[0].getUrn(), urnOf({ type: "kubernetes:apps/v1:Deployment", name: "web" }));
    const baselineRequest = new analyzer.AnalyzeStackRequest();
    baselineRequest.setResourcesList([stackResource(namespaceWith("shop", "baseline")), stackResource(workload)]);
    const baseline = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack.bind(client), baselineRequest);
    // A namespace label is no switch: the workload is still judged at restricted, and the unlisted relaxation is itself reported.
    assert.deepEqual(
      baseline
        .getDiagnosticsList()
        .filter((d) => d.getPolicyname().startsWith("pss-"))
        .map((d) => [d.getUrn(), /namespace "shop" enforces baseline|runAsNonRoot != true/.exec(d.getMessage())?.[0]])
        .sort(),
      [
        [urnOf({ type: "kubernetes:apps/v1:Deployment", name: "web" }), "runAsNonRoot != true"],
        [urnOf({ type: "kubernetes:core/v1:Namespace", name: "shop" }), 'namespace "shop" enforces baseline'],
      ],
    );
  });

  it("Remediate adds the RuntimeDefault seccomp profile", async () => {
    const bare = deploymentWith({ securityContext: { seccompProfile: null } });
    const response = await call<analyzer.AnalyzeRequest, analyzer.RemediateResponse>(client.remediate.bind(client), analyzeRequest(bare));
    const seccomp = response.getRemediationsList().find((r) => r.getPolicyname() === "pss-remediate-seccomp");
    assert.ok(
      seccomp,
      `remediations: ${response
        .getRemediationsList()
        .map((r) => r.getPolicyname())
        .join(", ")}`,
    );
    const props = (seccomp.getProperties() as unknown as { toJavaScript(): { spec: { template: { spec: { securityContext: unknown } } } } }).toJavaScript();
    assert.deepEqual(props.spec.template.spec.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });
});
