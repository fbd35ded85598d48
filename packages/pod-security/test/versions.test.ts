// Policy versions: evaluating at an older version behaves as upstream PSA did at that version.
import { strict as assert } from "node:assert";
import { evaluatePodSecurity, LATEST_PSS_VERSION, type PodSecurityLevel } from "../src";
import { containerWith, podWith, windowsPodWith } from "./builders";

function checksFiring(manifest: unknown, level: PodSecurityLevel, version?: string): string[] {
  return [...new Set(evaluatePodSecurity(manifest, { level, version }).map((v) => v.check))].sort();
}

function podWithSysctls(...names: string[]) {
  return podWith({ spec: { securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) } } });
}

describe("Pod Security Standards versions", () => {
  describe("naming a version", () => {
    it("calls v1.37 latest, and evaluates latest and no version alike", () => {
      assert.equal(LATEST_PSS_VERSION, "v1.37");
      const pod = podWithSysctls("net.ipv4.tcp_notsent_lowat", "kernel.msgmax");
      const atLatest = evaluatePodSecurity(pod, { level: "baseline", version: "latest" });
      assert.deepEqual(evaluatePodSecurity(pod, { level: "baseline" }), atLatest);
      assert.deepEqual(evaluatePodSecurity(pod, { level: "baseline", version: "v1.37" }), atLatest);
      assert.deepEqual(
        atLatest.map((v) => v.path),
        ["spec.securityContext.sysctls[1].name"],
      );
    });

    it("evaluates a version newer than the newest revision as the newest, as PSA does", () => {
      const pod = podWithSysctls("net.ipv4.tcp_slow_start_after_idle");
      assert.deepEqual(checksFiring(pod, "baseline", "v1.40"), []);
    });

    it("rejects a malformed version, naming it and the accepted forms", () => {
      for (const bad of ["1.30", "v2.0", "v1.x", "newest", ""]) {
        assert.throws(
          () => evaluatePodSecurity(podWith(), { level: "restricted", version: bad }),
          (e: Error) => e.message.includes(JSON.stringify(bad)) && e.message.includes('"latest" or "v1.<minor>"'),
        );
      }
    });

    it("rejects an unknown level, naming it and the levels", () => {
      assert.throws(
        () => evaluatePodSecurity(podWith(), { level: "strict" as PodSecurityLevel }),
        /"strict": expected "privileged", "baseline" or "restricted"/,
      );
    });

    it("lets anything pass at privileged", () => {
      const pod = podWith({ spec: { hostNetwork: true, containers: [containerWith({ securityContext: { privileged: true } })] } });
      assert.deepEqual(evaluatePodSecurity(pod, { level: "privileged" }), []);
    });
  });

  describe("sysctls gained safe names over time", () => {
    const additions: [string, string, string[]][] = [
      ["v1.27", "v1.26", ["net.ipv4.ip_local_reserved_ports"]],
      ["v1.29", "v1.28", ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]],
      ["v1.32", "v1.31", ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
      ["v1.37", "v1.36", ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]],
    ];
    for (const [since, before, names] of additions) {
      it(`allows ${names.join(", ")} from ${since}, not at ${before}`, () => {
        const pod = podWithSysctls(...names);
        assert.deepEqual(checksFiring(pod, "baseline", since), []);
        assert.deepEqual(checksFiring(pod, "baseline"), []);
        const denied = evaluatePodSecurity(pod, { level: "baseline", version: before });
        assert.equal(denied.length, names.length);
        assert.ok(denied.every((v) => v.check === "sysctls"));
      });
    }

    it("allows the v1.0 names at every version", () => {
      assert.deepEqual(checksFiring(podWithSysctls("kernel.shm_rmid_forced", "net.ipv4.ping_group_range"), "baseline", "v1.0"), []);
    });
  });

  describe("controls that start at a version", () => {
    it("checks the host of probes and lifecycle hooks from v1.34, not before", () => {
      const pod = podWith({ spec: { containers: [containerWith({ startupProbe: { httpGet: { host: "10.0.0.1", port: 8080 } } })] } });
      assert.deepEqual(checksFiring(pod, "baseline", "v1.33"), []);
      const [v] = evaluatePodSecurity(pod, { level: "baseline", version: "v1.34" });
      assert.equal(v.check, "hostProbesAndHostLifecycle");
      assert.equal(v.path, "spec.containers[0].startupProbe.httpGet.host");
    });

    it("checks lifecycle hook hosts too", () => {
      const pod = podWith({ spec: { containers: [containerWith({ lifecycle: { preStop: { tcpSocket: { host: "db", port: 5432 } } } })] } });
      assert.equal(evaluatePodSecurity(pod, { level: "baseline" })[0].path, "spec.containers[0].lifecycle.preStop.tcpSocket.host");
    });

    it("checks runAsUser=0 from v1.23, not before", () => {
      const pod = podWith({ spec: { containers: [containerWith({ securityContext: { runAsUser: 0 } })] } });
      assert.deepEqual(checksFiring(pod, "restricted", "v1.22"), []);
      assert.deepEqual(checksFiring(pod, "restricted", "v1.23"), ["runAsUser"]);
    });

    it("requires drop ALL from v1.22; before it the baseline capabilities list applies", () => {
      const noDrop = podWith({ spec: { containers: [containerWith({ securityContext: { capabilities: { drop: [] } } })] } });
      assert.deepEqual(checksFiring(noDrop, "restricted", "v1.21"), []);
      assert.deepEqual(checksFiring(noDrop, "restricted", "v1.22"), ["capabilities_restricted"]);
      const netRaw = podWith({ spec: { containers: [containerWith({ securityContext: { capabilities: { add: ["NET_RAW"] } } })] } });
      assert.deepEqual(checksFiring(netRaw, "restricted", "v1.21"), ["capabilities_baseline"]);
    });

    it("requires a seccomp profile from v1.19; before it only the annotations are checked", () => {
      const noProfile = podWith({ spec: { securityContext: { seccompProfile: null } } });
      assert.deepEqual(checksFiring(noProfile, "restricted", "v1.18"), []);
      assert.deepEqual(checksFiring(noProfile, "restricted", "v1.19"), ["seccompProfile_restricted"]);
    });

    it("requires allowPrivilegeEscalation=false from v1.8, not before", () => {
      const pod = podWith({ spec: { containers: [containerWith({ securityContext: { allowPrivilegeEscalation: null } })] } });
      assert.deepEqual(checksFiring(pod, "restricted", "v1.7"), []);
      assert.deepEqual(checksFiring(pod, "restricted", "v1.8"), ["allowPrivilegeEscalation"]);
    });
  });

  describe("Windows pods (spec.os.name: windows)", () => {
    it("are exempt from seccomp, capabilities and privilege escalation from v1.25", () => {
      assert.deepEqual(checksFiring(windowsPodWith(), "restricted"), []);
      assert.deepEqual(checksFiring(windowsPodWith(), "restricted", "v1.25"), []);
    });

    it("were not exempt at v1.24", () => {
      assert.deepEqual(checksFiring(windowsPodWith(), "restricted", "v1.24"), [
        "allowPrivilegeEscalation",
        "capabilities_restricted",
        "seccompProfile_restricted",
      ]);
    });

    it("must still run as non-root", () => {
      const asRoot = windowsPodWith({ spec: { securityContext: { runAsNonRoot: false } } });
      assert.deepEqual(checksFiring(asRoot, "restricted"), ["runAsNonRoot"]);
    });

    it("must not run HostProcess containers", () => {
      const hostProcess = windowsPodWith({ spec: { securityContext: { windowsOptions: { hostProcess: true } } } });
      assert.deepEqual(checksFiring(hostProcess, "baseline"), ["windowsHostProcess"]);
    });

    it("the exemption needs os.name windows, not just a Windows-looking pod", () => {
      const linux = windowsPodWith({ spec: { os: { name: "linux" } } });
      assert.deepEqual(checksFiring(linux, "restricted"), ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"]);
    });
  });
});
