// What the upstream fixtures do not cover (their README lists it), plus the details of single controls a user
// relies on: container naming, field paths, fail-closed volume types.
import { strict as assert } from "node:assert";
import { evaluatePodSecurity, type PodSecurityLevel, type PodSecurityViolation } from "../src";
import { containerWith, podWith } from "./builders";

/** The IDs of the checks that fire, at `level` and (optionally) a policy version. */
function checksFiring(manifest: unknown, level: PodSecurityLevel, version?: string): string[] {
  return [...new Set(evaluatePodSecurity(manifest, { level, version }).map((v) => v.check))].sort();
}

function onlyViolation(manifest: unknown, level: PodSecurityLevel, version?: string): PodSecurityViolation {
  const violations = evaluatePodSecurity(manifest, { level, version });
  assert.equal(violations.length, 1, `expected one violation, got ${JSON.stringify(violations, null, 2)}`);
  return violations[0];
}

describe("Pod Security Standards: controls the upstream fixtures do not cover", () => {
  describe("AppArmor profile field (securityContext.appArmorProfile)", () => {
    it("denies an Unconfined profile at pod level under baseline", () => {
      const v = onlyViolation(podWith({ spec: { securityContext: { appArmorProfile: { type: "Unconfined" } } } }), "baseline");
      assert.equal(v.check, "appArmorProfile");
      assert.equal(v.level, "baseline");
      assert.equal(v.path, "spec.securityContext.appArmorProfile.type");
      assert.match(v.message, /pod must not set AppArmor profile type to "Unconfined"/);
    });

    it("denies an Unconfined profile on a container, naming the container", () => {
      const pod = podWith({ spec: { containers: [containerWith({ name: "api", securityContext: { appArmorProfile: { type: "Unconfined" } } })] } });
      const v = onlyViolation(pod, "restricted");
      assert.equal(v.path, "spec.containers[0].securityContext.appArmorProfile.type");
      assert.match(v.message, /container "api"/);
    });

    it("admits RuntimeDefault and Localhost profiles at restricted", () => {
      const pod = podWith({
        spec: {
          securityContext: { appArmorProfile: { type: "RuntimeDefault" } },
          containers: [containerWith({ securityContext: { appArmorProfile: { type: "Localhost", localhostProfile: "k8s-nginx" } } })],
        },
      });
      assert.deepEqual(checksFiring(pod, "restricted"), []);
    });

    it("admits the runtime/default annotation and denies any other non-localhost value", () => {
      const key = "container.apparmor.security.beta.kubernetes.io/app";
      assert.deepEqual(checksFiring(podWith({ metadata: { annotations: { [key]: "runtime/default" } } }), "baseline"), []);
      const v = onlyViolation(podWith({ metadata: { annotations: { [key]: "my-profile" } } }), "baseline");
      assert.equal(v.path, `metadata.annotations["${key}"]`);
    });
  });

  describe("ephemeralContainers are checked like every other container", () => {
    const debug = (securityContext: Record<string, unknown>) => ({ name: "debug", image: "busybox:1.36", securityContext });

    it("denies a privileged ephemeral container under baseline, with its path", () => {
      const v = onlyViolation(podWith({ spec: { ephemeralContainers: [debug({ privileged: true, allowPrivilegeEscalation: true })] } }), "baseline");
      assert.equal(v.check, "privileged");
      assert.equal(v.path, "spec.ephemeralContainers[0].securityContext.privileged");
      assert.match(v.message, /container "debug"/);
    });

    it("requires the restricted security context on an ephemeral container", () => {
      const fired = checksFiring(podWith({ spec: { ephemeralContainers: [debug({})] } }), "restricted");
      assert.deepEqual(fired, ["allowPrivilegeEscalation", "capabilities_restricted"]);
    });

    it("admits a restricted ephemeral container", () => {
      const pod = podWith({ spec: { ephemeralContainers: [debug({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } })] } });
      assert.deepEqual(checksFiring(pod, "restricted"), []);
    });
  });

  describe("SELinux type container_engine_t", () => {
    const pod = podWith({ spec: { securityContext: { seLinuxOptions: { type: "container_engine_t" } } } });

    it("is allowed from policy v1.31 and at latest", () => {
      assert.deepEqual(checksFiring(pod, "restricted", "v1.31"), []);
      assert.deepEqual(checksFiring(pod, "restricted"), []);
    });

    it("is forbidden at v1.30", () => {
      const v = onlyViolation(pod, "baseline", "v1.30");
      assert.equal(v.check, "seLinuxOptions");
      assert.equal(v.path, "spec.securityContext.seLinuxOptions.type");
    });

    it("never allows a custom user or role, at any version", () => {
      const withUser = podWith({ spec: { containers: [containerWith({ securityContext: { seLinuxOptions: { user: "system_u" } } })] } });
      assert.equal(onlyViolation(withUser, "baseline").path, "spec.containers[0].securityContext.seLinuxOptions.user");
      assert.deepEqual(checksFiring(withUser, "baseline", "v1.0"), ["seLinuxOptions"]);
    });
  });

  describe("user namespaces (spec.hostUsers: false), relaxed at policy v1.35", () => {
    const rootInUserNamespace = podWith({
      spec: { hostUsers: false, securityContext: { runAsNonRoot: null, runAsUser: 0 } },
    });

    it("skips runAsNonRoot and runAsUser from v1.35", () => {
      assert.deepEqual(checksFiring(rootInUserNamespace, "restricted", "v1.35"), []);
      assert.deepEqual(checksFiring(rootInUserNamespace, "restricted"), []);
    });

    it("still enforced them at v1.34", () => {
      assert.deepEqual(checksFiring(rootInUserNamespace, "restricted", "v1.34"), ["runAsNonRoot", "runAsUser"]);
    });

    it("does not relax them when hostUsers is true", () => {
      const onHostUsers = podWith({ spec: { hostUsers: true, securityContext: { runAsNonRoot: null, runAsUser: 0 } } });
      assert.deepEqual(checksFiring(onHostUsers, "restricted"), ["runAsNonRoot", "runAsUser"]);
    });

    const unmasked = podWith({ spec: { hostUsers: false, containers: [containerWith({ securityContext: { procMount: "Unmasked" } })] } });

    it("lets baseline admit an Unmasked /proc from v1.35, but not at v1.34", () => {
      assert.deepEqual(checksFiring(unmasked, "baseline", "v1.35"), []);
      assert.deepEqual(checksFiring(unmasked, "baseline", "v1.34"), ["procMount"]);
    });

    it("keeps restricted denying Unmasked /proc through procMount_restricted", () => {
      assert.deepEqual(checksFiring(unmasked, "restricted"), ["procMount_restricted"]);
      assert.deepEqual(checksFiring(unmasked, "restricted", "v1.34"), ["procMount"]);
    });
  });

  describe("seccomp annotations", () => {
    const annotated = podWith({
      metadata: {
        annotations: {
          "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
          "container.seccomp.security.alpha.kubernetes.io/app": "unconfined",
        },
      },
    });

    it("are not checked at v1.19 and later (the field is)", () => {
      assert.deepEqual(checksFiring(annotated, "baseline"), []);
      assert.deepEqual(checksFiring(annotated, "baseline", "v1.19"), []);
    });

    it("were checked before v1.19: unconfined is denied, for the pod and per container", () => {
      const violations = evaluatePodSecurity(annotated, { level: "baseline", version: "v1.18" });
      assert.deepEqual(
        violations.map((v) => [v.check, v.path]),
        [
          ["seccompProfile_baseline", 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]'],
          ["seccompProfile_baseline", 'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"]'],
        ],
      );
    });
  });

  describe("single controls in detail", () => {
    it("denies a pod-level Unconfined seccomp profile even when every container sets RuntimeDefault", () => {
      const pod = podWith({
        spec: {
          securityContext: { seccompProfile: { type: "Unconfined" } },
          containers: [containerWith({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } })],
        },
      });
      const v = onlyViolation(pod, "restricted");
      assert.equal(v.check, "seccompProfile_restricted");
      assert.equal(v.path, "spec.securityContext.seccompProfile.type");
    });

    it("denies a pod-level runAsNonRoot=false even when every container sets true", () => {
      const pod = podWith({ spec: { securityContext: { runAsNonRoot: false }, containers: [containerWith({ securityContext: { runAsNonRoot: true } })] } });
      assert.equal(onlyViolation(pod, "restricted").path, "spec.securityContext.runAsNonRoot");
    });

    it("admits hostPort 0, which means no host port", () => {
      const pod = podWith({ spec: { containers: [containerWith({ ports: [{ containerPort: 8080, hostPort: 0 }] })] } });
      assert.deepEqual(checksFiring(pod, "restricted"), []);
    });

    it("admits image, csi and ephemeral volumes at restricted", () => {
      const pod = podWith({
        spec: {
          volumes: [
            { name: "models", image: { reference: "registry.example.com/models:1", pullPolicy: "IfNotPresent" } },
            { name: "secrets-store", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true } },
            { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"] } } } },
          ],
        },
      });
      assert.deepEqual(checksFiring(pod, "restricted"), []);
    });

    it("fails closed on a volume type it does not know, naming the type", () => {
      const v = onlyViolation(podWith({ spec: { volumes: [{ name: "data", someFutureVolume: { path: "/x" } }] } }), "restricted");
      assert.equal(v.check, "restrictedVolumes");
      assert.equal(v.path, "spec.volumes[0].someFutureVolume");
      assert.match(v.message, /volume "data" uses restricted volume type "someFutureVolume"/);
    });

    it("reports every offending container separately, each by name", () => {
      const pod = podWith({
        spec: {
          containers: [containerWith({ name: "api" }), containerWith({ name: "sidecar", securityContext: { allowPrivilegeEscalation: true } })],
          initContainers: [containerWith({ name: "migrate", securityContext: { allowPrivilegeEscalation: null } })],
        },
      });
      const violations = evaluatePodSecurity(pod, { level: "restricted" });
      assert.deepEqual(
        violations.map((v) => [v.check, v.path]),
        [
          ["allowPrivilegeEscalation", "spec.containers[1].securityContext.allowPrivilegeEscalation"],
          ["allowPrivilegeEscalation", "spec.initContainers[0].securityContext.allowPrivilegeEscalation"],
        ],
      );
      assert.match(violations[0].message, /container "sidecar" must set securityContext.allowPrivilegeEscalation=false/);
      assert.match(violations[1].message, /container "migrate"/);
      assert.match(violations[0].fix, /allowPrivilegeEscalation: false/);
    });

    it("reports the restricted twin, not the baseline check, for a capability restricted overrides", () => {
      const pod = podWith({ spec: { containers: [containerWith({ securityContext: { capabilities: { add: ["NET_RAW"], drop: ["ALL"] } } })] } });
      assert.deepEqual(checksFiring(pod, "baseline"), ["capabilities_baseline"]);
      const v = onlyViolation(pod, "restricted");
      assert.equal(v.check, "capabilities_restricted");
      assert.equal(v.level, "restricted");
      assert.equal(v.path, "spec.containers[0].securityContext.capabilities.add[0]");
    });
  });
});
