// The GDPR clean-up of application data (issue 18, item 2): the document's gdpr-data-cleanup CronJob, weekly, 365 days,
// calling each catalog service's retention endpoint through the mesh as its own identity, and nothing else.
import { strict as assert } from "node:assert";
import { analyze } from "@ecommerce-security/netpol";
import { evaluatePodSecurity } from "@ecommerce-security/pod-security";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { representativePods } from "../network/representative-workloads";
import { objectsOfKind, realStacks, runStack, type StackRun } from "../../tests/harness";
import { objectsOf, one, podSpecOf } from "../../tests/harness/observability";
import { standInPods } from "../../tests/harness/stand-in-pods";
import { dataCleanupCommand } from "./data-cleanup";

/* eslint-disable @typescript-eslint/no-explicit-any */
const JOB = "gdpr-data-cleanup";
/** The document's compliance keys (../shared/seed, "ConfigMap Conformite"). */
const DOCUMENT_KEYS = [
  "gdpr.enabled",
  "gdpr.retention-days",
  "pci-dss.enabled",
  "iso27001.enabled",
  "soc2.enabled",
  "audit-logging.level",
  "data-encryption.required",
  "mfa.required",
];

/** The catalog services declaring a retention endpoint. */
const retentionServices = (run: StackRun) => run.config.catalog.filter((s) => s.retention);

describe("compliance: the document's compliance-config and the GDPR clean-up of application data", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      let run: StackRun;
      before(async () => {
        run = await runStack(stack);
      });

      it("compliance-config holds the document's keys, valued from the stack's compliance profile, in every namespace the catalog's workloads run in", () => {
        const namespaces = [...new Set(run.config.catalog.map((s) => s.namespace))];
        const c = run.config.compliance;
        for (const ns of namespaces) {
          const cm = objectsOfKind<any>(run, "ConfigMap", ns).find((o) => o.metadata.name === "compliance-config");
          assert.ok(cm, `${ns}: no compliance-config`);
          assert.deepEqual(Object.keys(cm.data).sort(), [...DOCUMENT_KEYS].sort(), ns);
          assert.equal(cm.data["gdpr.retention-days"], String(c.gdprRetentionDays));
          assert.equal(cm.data["pci-dss.enabled"], String(c.pciDss));
          assert.equal(cm.data["iso27001.enabled"], String(c.iso27001));
          assert.equal(cm.data["soc2.enabled"], String(c.soc2));
          assert.equal(cm.data["audit-logging.level"], "detailed");
          assert.equal(cm.data["data-encryption.required"], "true");
          assert.equal(cm.data["mfa.required"], "true");
        }
        assert.equal(namespaces.includes("pci-zone"), stack === "production", "the PCI zone's workloads find it too");
      });

      it("gdpr-data-cleanup runs weekly (Sunday 03:00 UTC) and asks every retention endpoint of the catalog to delete what is older than the GDPR retention", () => {
        const job = one<any>(objectsOf(run, "Compliance"), "CronJob", JOB);
        assert.equal(job.metadata.namespace, run.config.compliance.namespace);
        assert.equal(job.spec.schedule, "0 3 * * 0");
        assert.equal(job.spec.timeZone, "Etc/UTC");
        assert.equal(job.spec.concurrencyPolicy, "Forbid");
        const targets = retentionServices(run);
        assert.deepEqual(
          targets.map((s) => s.name),
          ["auth-service", "orders-service"],
        );
        const command: string[] = podSpecOf(job).containers[0].command;
        assert.deepEqual(
          command.filter((a) => a.startsWith("http")),
          targets.map((s) => `http://${s.name}.${s.namespace}.svc:9000/internal/gdpr/retention?olderThanDays=${run.config.compliance.gdprRetentionDays}`),
        );
        assert.ok(command.includes("--fail-early") && command.includes("--fail-with-body"), "a failed call fails the Job");
      });

      it("the job runs restricted, as its own ServiceAccount without an API token, a pinned image, with a native Istio sidecar", () => {
        const job = one<any>(objectsOf(run, "Compliance"), "CronJob", JOB);
        const spec = podSpecOf(job);
        assert.deepEqual(evaluatePodSecurity(job, { level: "restricted" }), []);
        assert.equal(spec.serviceAccountName, JOB);
        assert.equal(spec.automountServiceAccountToken, false);
        assert.ok(one<any>(objectsOf(run, "Compliance"), "ServiceAccount", JOB));
        assert.match(spec.containers[0].image, /^[a-z0-9./-]+:[0-9][0-9A-Za-z.-]*(@sha256:[a-f0-9]{64})?$/, "a version tag, never latest");
        const template = job.spec.jobTemplate.spec.template.metadata;
        assert.equal(template.labels["sidecar.istio.io/inject"], "true");
        assert.equal(template.annotations["sidecar.istio.io/nativeSidecar"], "true", "the Job completes when curl exits");
        assert.equal(template.labels[run.config.naming.selectorLabel], JOB, "named under the stack's selector label");
        assert.equal(objectsOfKind<any>(run, "RoleBinding").filter((b) => b.subjects?.some((s: any) => s.name === JOB)).length, 0, "no API permission");
      });

      it("each retention service admits the job's mesh identity for POST on its retention path and port, and nothing else of it", () => {
        for (const s of retentionServices(run)) {
          const policy = one<any>(objectsOf(run, "Compliance"), "AuthorizationPolicy", `${s.name}-${JOB}`);
          assert.equal(policy.metadata.namespace, s.namespace);
          assert.deepEqual(policy.spec.selector.matchLabels, { [run.config.naming.selectorLabel]: s.name });
          assert.deepEqual(policy.spec.rules, [
            {
              from: [{ source: { principals: [`${run.config.mesh.trustDomain}/ns/${run.config.compliance.namespace}/sa/${JOB}`] } }],
              to: [{ operation: { methods: ["POST"], paths: ["/internal/gdpr/retention"], ports: ["9000"] } }],
            },
          ]);
        }
      });

      it("the job reaches exactly the retention services on their ports, cluster DNS and istiod; nothing else in the compliance namespace reaches them (analyzer)", () => {
        const result = analyze([...kubernetesObjects(run.resources), ...representativePods(run.config), ...standInPods(run)]);
        const ns = run.config.compliance.namespace;
        const jobs = result.workloads.filter((w) => w.namespace === ns && w.labels[run.config.naming.selectorLabel] === JOB);
        const job = jobs.find((w) => w.labels.incident !== "isolated");
        assert.ok(job, `a pod of the job stands in ${ns}: ${result.workloads.map((w) => w.id).join(", ")}`);
        const out = result.connections
          .filter((c) => c.src.id === job.id && c.dst.id !== job.id)
          .map((c) => `${c.dst.type === "workload" ? c.dst.id : "<external>"}: ${c.conns.toString()}`)
          .sort();
        const expected = [
          ...retentionServices(run).map((s) => `${s.namespace}/${s.name}[Pod]: TCP 9000`),
          `${run.config.mesh.istioNamespace}/istiod[Pod]: TCP 15012`,
          `${run.config.network.dns.namespace}/kube-dns[Pod]: TCP 53,UDP 53`,
        ].sort();
        assert.deepEqual(out, expected);
        const targets = new Set(retentionServices(run).map((s) => `${s.namespace}/${s.name}[Pod]`));
        const others = result.connections.filter(
          (c) =>
            c.src.type === "workload" && c.src.namespace === ns && !jobs.some((j) => j.id === c.src.id) && c.dst.type === "workload" && targets.has(c.dst.id),
        );
        assert.deepEqual(
          others.map((c) => c.src.id),
          [],
        );
      });
    });
  }

  it("without the mesh (no mTLS anywhere) it runs without a sidecar, held by its NetworkPolicies alone; none runs when disabled", async () => {
    const plain = await runStack("staging", { overrides: { features: { mesh: false } } });
    const job = one<any>(objectsOf(plain, "Compliance"), "CronJob", JOB);
    assert.equal(job.spec.jobTemplate.spec.template.metadata.labels["sidecar.istio.io/inject"], undefined);
    assert.equal(job.spec.jobTemplate.spec.template.metadata.annotations, undefined);
    assert.deepEqual(
      objectsOf(plain, "Compliance").filter((o) => o.kind === "AuthorizationPolicy"),
      [],
    );
    const egress = one<any>(objectsOf(plain, "Compliance"), "NetworkPolicy", JOB).spec.egress;
    assert.doesNotMatch(JSON.stringify(egress), /istiod|15012/);
    assert.ok(objectsOf(plain, "Compliance").some((o) => o.kind === "NetworkPolicy" && o.metadata.name === `orders-service-${JOB}`));
    const off = await runStack("staging", { overrides: { compliance: { dataCleanup: { enabled: false } } } });
    assert.deepEqual(
      objectsOf(off, "Compliance").filter((o) => o.metadata.name?.includes(JOB)),
      [],
    );
  });

  it("keeps the document's 365 days by default, and reads its schedule and retention from configuration", async () => {
    const defaults = await runStack("staging", { overrides: { compliance: { gdprRetentionDays: undefined } } });
    const byDefault = one<any>(objectsOf(defaults, "Compliance"), "CronJob", JOB);
    assert.ok(podSpecOf(byDefault).containers[0].command.some((a: string) => a.endsWith("?olderThanDays=365")));
    const own = await runStack("staging", { overrides: { compliance: { dataCleanup: { retentionDays: 400 } } } });
    assert.ok(podSpecOf(one<any>(objectsOf(own, "Compliance"), "CronJob", JOB)).containers[0].command.some((a: string) => a.endsWith("?olderThanDays=400")));
    const run = await runStack("staging", { overrides: { compliance: { gdprRetentionDays: 200, dataCleanup: { schedule: "15 4 * * 6" } } } });
    const job = one<any>(objectsOf(run, "Compliance"), "CronJob", JOB);
    assert.equal(job.spec.schedule, "15 4 * * 6");
    assert.ok(podSpecOf(job).containers[0].command.every((a: string) => !a.startsWith("http") || a.endsWith("olderThanDays=200")));
    assert.ok(dataCleanupCommand({ targets: [], retentionDays: 1 }).includes("--fail-early"));
  });

  it("a retention endpoint must name a port of its service", async () => {
    await assert.rejects(
      runStack("staging", { overrides: { services: { "orders-service": { retention: { port: "grpc", path: "/gdpr" } } } } }),
      /services\.orders-service\.retention\.port: .*no port of that name; ports: http/,
    );
  });
});
