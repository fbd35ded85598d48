// The pod-security group in the pack: which level an object is held to (its declared namespace's enforce and
// enforce-version labels, else the configured default), every kind that carries a pod, and the remediations.
import { strict as assert } from "node:assert";
import { Secret } from "@pulumi/policy";
import {
  ALL_RULES,
  describeRef,
  evaluatePolicies,
  fromManifest,
  markdownReport,
  podSecurityRemediations,
  remediateManifest,
} from "@ecommerce-security/policy-rules";
import { policies } from "../../policy/policies";
import { WORKLOAD_KINDS, workloadWith, podWith, type WorkloadKind } from "../../packages/pod-security/test/builders";
import { deploymentWith, goodContainer, merged, namespaceWith, resources, type ManifestFixture } from "./builders";
import { engineUnknown, k8s, remediatedBy, reportedBy, type FakeResource } from "../../cli/pack-engine";

const hostPathPod = () =>
  deploymentWith({
    volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
    containers: [goodContainer({ volumeMounts: [{ name: "logs", mountPath: "/logs" }] })],
  });
const rootPod = () => deploymentWith({ securityContext: { runAsNonRoot: null } });
const paths = (reported: Array<{ message: string }>) => reported.map((r) => /\(at ([^)]*)\)/.exec(r.message)?.[1]);

/** The DaemonSet of the issue: privileged, host namespaces, the node's root filesystem, an image from Docker Hub. */
const nodeTakeover = () =>
  deploymentWith({
    hostPID: true,
    hostNetwork: true,
    volumes: [{ name: "root", hostPath: { path: "/" } }],
    containers: [
      goodContainer({ image: "docker.io/attacker/miner:1.0", securityContext: { privileged: true }, volumeMounts: [{ name: "root", mountPath: "/host" }] }),
    ],
  });

/** A Fluent Bit-like log reader: root, /var/log read-only and its own writable state directory through hostPath. */
const logReader = (overrides: object = {}) =>
  merged(
    merged(
      deploymentWith({
        securityContext: { runAsNonRoot: null },
        volumes: [
          { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
          { name: "state", hostPath: { path: "/var/lib/fluent-bit", type: "DirectoryOrCreate" } },
        ],
        containers: [
          goodContainer({
            securityContext: { runAsNonRoot: false, runAsUser: 0 },
            volumeMounts: [
              { name: "varlog", mountPath: "/var/log", readOnly: true },
              { name: "state", mountPath: "/state" },
            ],
          }),
        ],
      }),
      { kind: "DaemonSet", metadata: { name: "fluent-bit", namespace: "logging" } },
    ),
    overrides,
  ) as ManifestFixture;

const LOGGING_RELAXED = { namespace: "logging", level: "privileged", reason: "Fluent Bit reads the node's container logs through hostPath volumes" };
const LOG_READER_EXEMPTION = {
  namespace: "logging",
  workload: "DaemonSet/fluent-bit",
  controls: ["hostPathVolumes", "runAsNonRoot", "runAsUser"],
  hostPaths: [{ path: "/var/log" }, { path: "/var/lib/fluent-bit", readOnly: false }],
  reason: "root reads the node's 0640 log files; offsets are kept on the node",
};
const relaxedLogging = (exemptions: object[] = [LOG_READER_EXEMPTION]) => ({ relaxedNamespaces: [LOGGING_RELAXED], workloadExemptions: exemptions });
const pssFindings = async (set: FakeResource[], config: Record<string, unknown> = {}) => [
  ...(await reportedBy("pss-baseline", set, config)),
  ...(await reportedBy("pss-restricted", set, config)),
];
const workloadFindings = async (set: FakeResource[], config: Record<string, unknown> = {}) =>
  (await pssFindings(set, config)).filter((r) => !r.resource?.startsWith("namespace-")).map((r) => r.message);

describe("Pod Security level of an object", () => {
  it("a namespace label is no switch: a workload gets the same findings in a restricted, a baseline and a privileged namespace", async () => {
    const inRestricted = await workloadFindings(resources(nodeTakeover(), namespaceWith("shop", "restricted")));
    assert.ok(inRestricted.length >= 5, inRestricted.join("\n"));
    for (const level of ["baseline", "privileged"]) {
      assert.deepEqual(await workloadFindings(resources(nodeTakeover(), namespaceWith("shop", level))), inRestricted, level);
    }
  });

  it("a namespace labelled below restricted that the configuration does not list is itself a mandatory finding", async () => {
    const reported = await reportedBy("pss-restricted", resources(namespaceWith("logging", "privileged")));
    assert.equal(reported.length, 1);
    assert.match(reported[0].message, /namespace "logging" enforces privileged, below restricted, and the configuration does not list it in relaxedNamespaces/);
    assert.deepEqual(await reportedBy("pss-restricted", resources(namespaceWith("logging", "privileged")), relaxedLogging([])), []);
    assert.deepEqual(await reportedBy("pss-restricted", resources(namespaceWith("logging", "restricted"))), []);
  });

  it("a listed namespace may not enforce less than its entry accepts", async () => {
    const config = { relaxedNamespaces: [{ ...LOGGING_RELAXED, level: "baseline" }] };
    const reported = await reportedBy("pss-restricted", resources(namespaceWith("logging", "privileged")), config);
    assert.match(reported[0]?.message ?? "", /enforces privileged, below the baseline its relaxedNamespaces entry accepts/);
  });

  it("inside a listed namespace, a workload without an exemption is still judged at restricted", async () => {
    const set = resources(logReader(), namespaceWith("logging", "privileged"));
    assert.equal((await workloadFindings(set, relaxedLogging([]))).length, 6);
  });

  it("a workload exemption excuses exactly the controls it names, and only the host paths it lists", async () => {
    const set = (reader: ManifestFixture) => resources(reader, namespaceWith("logging", "privileged"));
    assert.deepEqual(await workloadFindings(set(logReader()), relaxedLogging()), []);
    const withHostPid = await workloadFindings(set(logReader({ spec: { template: { spec: { hostPID: true } } } })), relaxedLogging());
    assert.deepEqual(
      withHostPid.map((m) => /\[(\w+) control (\w+)\]/.exec(m)?.slice(1).join(" ")),
      ["baseline hostNamespaces"],
    );
    const etc = logReader();
    (etc.spec as { template: { spec: { volumes: Array<{ hostPath: { path: string } }> } } }).template.spec.volumes[0].hostPath.path = "/etc";
    assert.equal((await workloadFindings(set(etc), relaxedLogging())).length, 2, "a host path outside /var/log is reported by both levels");
    const writable = logReader();
    const mounts = (writable.spec as { template: { spec: { containers: Array<{ volumeMounts: Array<{ readOnly?: boolean }> }> } } }).template.spec.containers[0]
      .volumeMounts;
    delete mounts[0].readOnly;
    assert.equal((await workloadFindings(set(writable), relaxedLogging())).length, 2, "/var/log must be mounted read-only");
  });

  it("a workload exemption names the workload by kind and name, or by name alone", async () => {
    const set = resources(logReader(), namespaceWith("logging", "privileged"));
    assert.deepEqual(await workloadFindings(set, relaxedLogging([{ ...LOG_READER_EXEMPTION, workload: "fluent-bit" }])), []);
    assert.equal((await workloadFindings(set, relaxedLogging([{ ...LOG_READER_EXEMPTION, workload: "Deployment/fluent-bit" }]))).length, 6);
  });

  it("an exemption cannot excuse what the namespace's own level denies (admission would reject the pod)", async () => {
    const config = { relaxedNamespaces: [{ ...LOGGING_RELAXED, level: "baseline" }], workloadExemptions: [LOG_READER_EXEMPTION] };
    const reported = await workloadFindings(resources(logReader(), namespaceWith("logging", "baseline")), config);
    assert.equal(reported.filter((m) => /hostPath/.test(m)).length, 4);
    assert.ok(
      reported.every((m) => !/runAsUser|runAsNonRoot/.test(m)),
      "baseline admits root: those stay exempted",
    );
    assert.match(reported[0], /exempted for DaemonSet\/fluent-bit, but namespace "logging" enforces baseline, which denies it/);
  });

  it("an exemption applies in an undeclared namespace only when it is listed (what policy:check sees in chart output)", async () => {
    assert.deepEqual(await workloadFindings(resources(logReader()), relaxedLogging()), []);
    assert.equal((await workloadFindings(resources(logReader()))).length, 6);
  });

  it("refuses an exemption outside the listed namespaces, and hostPathVolumes without the host paths it admits", async () => {
    await assert.rejects(
      reportedBy("pss-baseline", resources(logReader()), { workloadExemptions: [LOG_READER_EXEMPTION] }),
      /pss-baseline\.workloadExemptions\.0\.namespace: namespace "logging" is not in relaxedNamespaces/,
    );
    const { hostPaths: _hostPaths, ...withoutPaths } = LOG_READER_EXEMPTION;
    await assert.rejects(
      reportedBy("pss-baseline", resources(logReader()), relaxedLogging([withoutPaths])),
      /workloadExemptions\.0\.hostPaths: hostPathVolumes needs/,
    );
    await assert.rejects(
      reportedBy("pss-baseline", resources(logReader()), relaxedLogging([{ ...LOG_READER_EXEMPTION, controls: ["hostPaths"] }])),
      /controls\.0/,
    );
  });

  it("the report lists every exemption used with its reason, and an exemption that excuses nothing as stale", () => {
    const set = [logReader(), namespaceWith("logging", "privileged")].map((m, i) => fromManifest(m, i));
    const stale = { ...LOG_READER_EXEMPTION, workload: "DaemonSet/gone" };
    const config = { "pss-baseline": relaxedLogging([LOG_READER_EXEMPTION, stale]), "pss-restricted": relaxedLogging([LOG_READER_EXEMPTION, stale]) };
    const evaluation = evaluatePolicies(set, { only: ["pod-security"], config });
    assert.deepEqual(evaluation.findings, []);
    assert.deepEqual(evaluation.excepted.map((f) => [f.policy, describeRef(f.resource), f.reason]).sort(), [
      ["pss-baseline", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-baseline", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-restricted", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-restricted", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-restricted", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-restricted", "DaemonSet logging/fluent-bit", LOG_READER_EXEMPTION.reason],
      ["pss-restricted", "Namespace logging", LOGGING_RELAXED.reason],
    ]);
    assert.deepEqual(evaluation.stale, [
      { policy: "pss-baseline, pss-restricted", resource: "DaemonSet/gone in logging (hostPathVolumes, runAsNonRoot, runAsUser)", reason: stale.reason },
    ]);
    const markdown = markdownReport("t", evaluation.findings, ALL_RULES, set.length, evaluation);
    assert.match(
      markdown,
      /\| `pss-baseline` \| DaemonSet logging\/fluent-bit \| `spec\.template\.spec\.volumes\[0\]\.hostPath` \| .* \| root reads the node's 0640 log files/,
    );
  });

  it("the CrossGuard pack does not report what an exemption excuses", async () => {
    const set = resources(logReader(), namespaceWith("logging", "privileged"));
    assert.deepEqual(await pssFindings(set, relaxedLogging()), []);
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
