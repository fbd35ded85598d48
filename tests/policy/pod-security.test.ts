// The pod-security group in the pack: which level an object is held to (its declared namespace's enforce and
// enforce-version labels, else the configured default), every kind that carries a pod, and the remediations.
import { strict as assert } from "node:assert";
import { Secret } from "@pulumi/policy";
import { podSecurityRemediations, remediateManifest } from "@ecommerce-security/policy-rules";
import { policies } from "../../policy/policies";
import { WORKLOAD_KINDS, workloadWith, podWith, type WorkloadKind } from "../../packages/pod-security/test/builders";
import { deploymentWith, goodContainer, namespaceWith, resources, type ManifestFixture } from "./builders";
import { engineUnknown, k8s, remediatedBy, reportedBy } from "../../cli/pack-engine";

const hostPathPod = () =>
  deploymentWith({
    volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
    containers: [goodContainer({ volumeMounts: [{ name: "logs", mountPath: "/logs" }] })],
  });
const rootPod = () => deploymentWith({ securityContext: { runAsNonRoot: null } });
const paths = (reported: Array<{ message: string }>) => reported.map((r) => /\(at ([^)]*)\)/.exec(r.message)?.[1]);

describe("Pod Security level of an object", () => {
  it("a declared namespace's enforce label decides: privileged admits hostPath, baseline rejects it", async () => {
    assert.deepEqual(await reportedBy("pss-baseline", resources(hostPathPod(), namespaceWith("shop", "privileged"))), []);
    assert.deepEqual(paths(await reportedBy("pss-baseline", resources(hostPathPod(), namespaceWith("shop", "baseline")))), [
      "spec.template.spec.volumes[0].hostPath",
    ]);
  });

  it("a baseline namespace is not held to restricted", async () => {
    assert.deepEqual(await reportedBy("pss-restricted", resources(rootPod(), namespaceWith("shop", "baseline"))), []);
    assert.equal((await reportedBy("pss-restricted", resources(rootPod(), namespaceWith("shop", "restricted")))).length, 1);
  });

  it("an undeclared namespace gets the configured default level (restricted unless configured)", async () => {
    assert.equal((await reportedBy("pss-restricted", resources(rootPod()))).length, 1);
    assert.deepEqual(await reportedBy("pss-restricted", resources(rootPod()), { defaultLevel: "baseline" }), []);
    assert.equal((await reportedBy("pss-baseline", resources(hostPathPod()), { defaultLevel: "baseline" })).length, 1);
  });

  it("a declared namespace's level wins over the configured default", async () => {
    assert.equal((await reportedBy("pss-restricted", resources(rootPod(), namespaceWith("shop")), { defaultLevel: "privileged" })).length, 1);
  });

  it("the enforce-version label pins the standard's version (Windows pods are exempt from seccomp only since v1.25)", async () => {
    const windows = deploymentWith({
      os: { name: "windows" },
      securityContext: { seccompProfile: null },
      containers: [{ name: "iis", image: "registry.shop.example.com/iis:1" }],
    });
    const seccomp = async (version: string) =>
      (await reportedBy("pss-restricted", resources(windows, namespaceWith("shop", "restricted", {}, version)))).filter((r) =>
        /seccompProfile/.test(r.message),
      );
    assert.equal((await seccomp("v1.24")).length, 1);
    assert.deepEqual(await seccomp("latest"), []);
  });

  it("an invalid enforce label is read as restricted, as Pod Security Admission does", async () => {
    assert.equal((await reportedBy("pss-restricted", resources(rootPod(), namespaceWith("shop", "restricted-ish")))).length, 1);
  });

  it("exemptNamespaces skips a namespace whatever its labels", async () => {
    assert.deepEqual(await reportedBy("pss-baseline", resources(hostPathPod(), namespaceWith("shop", "baseline")), { exemptNamespaces: ["shop"] }), []);
  });

  for (const kind of Object.keys(WORKLOAD_KINDS) as WorkloadKind[]) {
    it(`judges a ${kind}, reporting the path inside it`, async () => {
      const pod = podWith({ spec: { hostIPC: true } });
      const reported = await reportedBy("pss-baseline", [k8s(workloadWith(kind, pod) as ManifestFixture)]);
      assert.deepEqual(paths(reported), [`${WORKLOAD_KINDS[kind].specPath}.hostIPC`]);
    });
  }

  it("ignores objects without a pod and custom resources that reuse a pod kind's name", async () => {
    const lookalike = {
      apiVersion: "example.com/v1",
      kind: "Deployment",
      metadata: { name: "x", namespace: "shop" },
      spec: { template: { spec: { hostPID: true, containers: [] } } },
    };
    assert.deepEqual(await reportedBy("pss-baseline", resources(lookalike as ManifestFixture, namespaceWith("shop"))), []);
  });
});

describe("Pod Security remediations", () => {
  const bare = () =>
    deploymentWith({ securityContext: { seccompProfile: null }, containers: [{ name: "web", image: "registry.shop.example.com/shop/web:1" }] });
  const spec = (props: Record<string, unknown> | undefined) =>
    (props as { spec: { template: { spec: Record<string, unknown> } } } | undefined)?.spec.template.spec;

  it("are enforced at level remediate", () => {
    for (const name of ["pss-remediate-seccomp", "pss-remediate-drop-capabilities", "pss-remediate-privilege-escalation"]) {
      assert.equal(policies.find((p) => p.name === name)?.enforcementLevel, "remediate");
    }
  });

  it("add a RuntimeDefault seccomp profile, drop ALL and disallow privilege escalation", async () => {
    const seccomp = spec(await remediatedBy("pss-remediate-seccomp", k8s(bare())));
    assert.deepEqual((seccomp?.securityContext as Record<string, unknown>).seccompProfile, { type: "RuntimeDefault" });
    const caps = spec(await remediatedBy("pss-remediate-drop-capabilities", k8s(bare())));
    assert.deepEqual((caps?.containers as Array<{ securityContext: unknown }>)[0].securityContext, { capabilities: { drop: ["ALL"] } });
    const escalation = spec(await remediatedBy("pss-remediate-privilege-escalation", k8s(bare())));
    assert.deepEqual((escalation?.containers as Array<{ securityContext: unknown }>)[0].securityContext, { allowPrivilegeEscalation: false });
  });

  it("change nothing on a compliant workload, a non-Kubernetes resource or an exempt namespace", async () => {
    assert.equal(await remediatedBy("pss-remediate-seccomp", k8s(deploymentWith())), undefined);
    assert.equal(await remediatedBy("pss-remediate-seccomp", { type: "aws:kms/key:Key", name: "k", props: { description: "x" } }), undefined);
    assert.equal(await remediatedBy("pss-remediate-seccomp", k8s(bare()), { exemptNamespaces: ["shop"] }), undefined);
  });

  it("leave pods that break baseline alone (they are not meant to run restricted)", async () => {
    const privileged = deploymentWith({ securityContext: { seccompProfile: null }, containers: [goodContainer({ securityContext: { privileged: true } })] });
    assert.equal(await remediatedBy("pss-remediate-seccomp", k8s(privileged)), undefined);
  });

  it("do not run during preview on a manifest with unknown values (they would be written back as values)", async () => {
    const unknownImage = deploymentWith({ securityContext: { seccompProfile: null }, containers: [{ name: "web", image: engineUnknown.unknownStringValue }] });
    assert.equal(await remediatedBy("pss-remediate-seccomp", k8s(unknownImage)), undefined);
  });

  it("keep secret values wrapped as secrets", async () => {
    const withSecret = bare();
    const password = new Secret("hunter2");
    (spec(withSecret)?.containers as Array<Record<string, unknown>>)[0].env = [{ name: "PASSWORD", value: password }];
    const resource = k8s(withSecret);
    // structuredClone (used by the engine-args helper) would strip the class, so the manifest is passed as is.
    const fixed = remediateManifest(podSecurityRemediations[0], resource.props, []);
    const env = (spec(fixed)?.containers as Array<{ env: Array<{ value: unknown }> }>)[0].env;
    assert.equal(env[0].value, password);
  });
});
