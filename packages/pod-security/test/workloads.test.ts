// Every kind that carries a pod is evaluated, and violations point into that kind's pod template.
import { strict as assert } from "node:assert";
import { podTemplateOf, POD_TEMPLATE_KINDS } from "../src/pod-template";
import { evaluatePodSecurity, evaluatePodSpec } from "../src";
import { containerWith, podWith, WORKLOAD_KINDS, type WorkloadKind, workloadWith } from "./builders";

const APPARMOR_KEY = "container.apparmor.security.beta.kubernetes.io/app";
const breachingPod = podWith({
  metadata: { annotations: { [APPARMOR_KEY]: "unconfined" } },
  spec: { containers: [containerWith({ securityContext: { privileged: true } })] },
});

describe("Pod Security Standards over every workload kind", () => {
  it("knows the nine kinds that carry a pod", () => {
    assert.deepEqual([...POD_TEMPLATE_KINDS].sort(), Object.keys(WORKLOAD_KINDS).sort());
  });

  for (const [kind, where] of Object.entries(WORKLOAD_KINDS) as [WorkloadKind, (typeof WORKLOAD_KINDS)[WorkloadKind]][]) {
    describe(kind, () => {
      it(`finds the pod at ${where.specPath}`, () => {
        const location = podTemplateOf(workloadWith(kind));
        assert.ok(location !== undefined);
        assert.equal(location.specPath, where.specPath);
        assert.equal(location.metadataPath, where.metadataPath);
        assert.deepEqual(location.specSegments, where.specPath.split("."));
      });

      it("admits a restricted pod template", () => {
        assert.deepEqual(evaluatePodSecurity(workloadWith(kind), { level: "restricted" }), []);
      });

      it("reports spec and metadata breaches with paths into the template", () => {
        const violations = evaluatePodSecurity(workloadWith(kind, breachingPod), { level: "baseline" });
        assert.deepEqual(
          violations.map((v) => [v.check, v.path]),
          [
            ["privileged", `${where.specPath}.containers[0].securityContext.privileged`],
            ["appArmorProfile", `${where.metadataPath}.annotations["${APPARMOR_KEY}"]`],
          ],
        );
      });
    });
  }

  it("accepts the legacy extensions group for Deployments", () => {
    const legacy = { ...workloadWith("Deployment", breachingPod), apiVersion: "extensions/v1beta1" };
    assert.equal(evaluatePodSecurity(legacy, { level: "baseline" }).length, 2);
  });

  it("ignores objects without a pod, and custom resources that reuse a workload kind name", () => {
    const objects: unknown[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "b" } },
      { apiVersion: "v1", kind: "Service", metadata: { name: "x" }, spec: { ports: [{ port: 80 }] } },
      { ...workloadWith("Job", breachingPod), apiVersion: "batch.volcano.sh/v1alpha1" },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "no-template" }, spec: {} },
      null,
      "kind: Pod",
      [breachingPod],
    ];
    for (const obj of objects) {
      assert.equal(podTemplateOf(obj), undefined, JSON.stringify(obj));
      assert.deepEqual(evaluatePodSecurity(obj, { level: "restricted" }), []);
    }
  });

  it("evaluates a bare pod spec with the caller's path prefix, deriving the metadata path", () => {
    const violations = evaluatePodSpec(breachingPod.metadata, breachingPod.spec, { level: "baseline", pathPrefix: "spec.template.spec" });
    assert.deepEqual(
      violations.map((v) => v.path),
      ["spec.template.spec.containers[0].securityContext.privileged", `spec.template.metadata.annotations["${APPARMOR_KEY}"]`],
    );
    assert.equal(evaluatePodSpec(undefined, breachingPod.spec, { level: "baseline" })[0].path, "spec.containers[0].securityContext.privileged");
  });
});
