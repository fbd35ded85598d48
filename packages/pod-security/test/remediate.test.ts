// Remediations: each fixes its control, never mutates its input, and leaves exempt or unfixable cases alone.
import { strict as assert } from "node:assert";
import { evaluatePodSecurity } from "../src";
import { addRuntimeDefaultSeccomp, disallowPrivilegeEscalation, dropAllCapabilities, remediatePodSecurity } from "../src/remediate";
import { deepFreeze, type ManifestFixture, podWith, windowsPodWith, workloadWith } from "./builders";

/** A pod that meets baseline and runs as non-root, but lacks the three fields the remediations add. */
function baselineOnlyPod(): ManifestFixture {
  const bare = { image: "registry.example.com/shop/app:1.4.2" };
  return podWith({
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: null },
      containers: [
        { ...bare, name: "app" },
        { ...bare, name: "metrics", securityContext: { capabilities: { drop: ["NET_RAW"] } } },
      ],
      initContainers: [{ ...bare, name: "migrate" }],
      ephemeralContainers: [{ ...bare, name: "debug" }],
    },
  });
}

function checksFiring(manifest: unknown): string[] {
  return [...new Set(evaluatePodSecurity(manifest, { level: "restricted" }).map((v) => v.check))].sort();
}

/** A container as the assertions read it. */
interface TestContainer {
  name: string;
  securityContext: { allowPrivilegeEscalation?: boolean; capabilities: { drop?: string[] } };
}

/** The containers of a Deployment's pod template, all three lists. */
function templateContainers(deployment: unknown): TestContainer[] {
  const spec = (deployment as { spec: { template: { spec: Record<string, TestContainer[]> } } }).spec.template.spec;
  return [...spec.containers, ...spec.initContainers, ...spec.ephemeralContainers];
}

/** The pod securityContext of a Deployment's pod template. */
function templateSecurityContext(deployment: unknown): unknown {
  return (deployment as { spec: { template: { spec: { securityContext: unknown } } } }).spec.template.spec.securityContext;
}

describe("Pod Security remediations", () => {
  const deployment = deepFreeze(workloadWith("Deployment", baselineOnlyPod()));

  it("the test Deployment breaks exactly the three controls the remediations fix", () => {
    assert.deepEqual(checksFiring(deployment), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]);
  });

  it("addRuntimeDefaultSeccomp sets RuntimeDefault at pod level, keeping the rest of the securityContext", () => {
    const fixed = addRuntimeDefaultSeccomp(deployment);
    assert.deepEqual(templateSecurityContext(fixed), { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    assert.deepEqual(checksFiring(fixed), ["allowPrivilegeEscalation", "capabilities_restricted"]);
  });

  it("addRuntimeDefaultSeccomp leaves an explicit profile for a person to change", () => {
    const localhost = deepFreeze(podWith({ spec: { securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "shop.json" } } } }));
    assert.equal(addRuntimeDefaultSeccomp(localhost), localhost);
  });

  it("dropAllCapabilities drops ALL in containers, initContainers and ephemeralContainers", () => {
    const containers = templateContainers(dropAllCapabilities(deployment));
    assert.equal(containers.length, 4);
    for (const c of containers) {
      assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
    }
  });

  it("dropAllCapabilities keeps what a container adds", () => {
    const pod = deepFreeze(
      podWith({ spec: { containers: [{ name: "web", image: "nginx:1.27", securityContext: { capabilities: { add: ["NET_BIND_SERVICE"] } } }] } }),
    );
    const fixed = dropAllCapabilities(pod) as { spec: { containers: { securityContext: unknown }[] } };
    assert.deepEqual(fixed.spec.containers[0].securityContext, { capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } });
  });

  it("disallowPrivilegeEscalation sets allowPrivilegeEscalation=false on every container", () => {
    const containers = templateContainers(disallowPrivilegeEscalation(deployment));
    assert.equal(containers.length, 4);
    for (const c of containers) {
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
    }
  });

  it("disallowPrivilegeEscalation leaves privileged and SYS_ADMIN containers alone (the API rejects the combination)", () => {
    const pod = deepFreeze(
      podWith({
        spec: {
          containers: [
            { name: "priv", image: "x:1", securityContext: { privileged: true } },
            { name: "admin", image: "x:1", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } },
          ],
        },
      }),
    );
    assert.equal(disallowPrivilegeEscalation(pod), pod);
  });

  it("remediatePodSecurity makes a baseline-only Deployment restricted, leaving the input untouched", () => {
    const before = JSON.stringify(deployment);
    const fixed = remediatePodSecurity(deployment);
    assert.deepEqual(checksFiring(fixed), []);
    assert.equal(JSON.stringify(deployment), before);
    assert.notEqual(fixed, deployment);
  });

  it("remediates every workload kind, e.g. a CronJob's job template", () => {
    const cronJob = deepFreeze(workloadWith("CronJob", baselineOnlyPod()));
    assert.deepEqual(checksFiring(remediatePodSecurity(cronJob)), []);
  });

  it("returns the same object when there is nothing to fix, for objects without a pod, and for Windows pods", () => {
    const compliant = deepFreeze(workloadWith("StatefulSet"));
    assert.equal(remediatePodSecurity(compliant), compliant);
    const configMap = deepFreeze({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } });
    assert.equal(remediatePodSecurity(configMap), configMap);
    const windows = deepFreeze(windowsPodWith());
    assert.equal(remediatePodSecurity(windows), windows);
    assert.equal(addRuntimeDefaultSeccomp(windows), windows);
    assert.equal(dropAllCapabilities(windows), windows);
    assert.equal(disallowPrivilegeEscalation(windows), windows);
  });
});
