import { strict as assert } from "node:assert";
import { evaluatePodSecurity } from "@ecommerce-security/pod-security";
import { objectsOfKind, realStacks, resourceOfObject, runStack } from "../../tests/harness";
import { objectsOf, one, podSpecOf, resourcesOf } from "../../tests/harness/observability";
import { pciZoneManifests } from "./pci-zone";

/* eslint-disable @typescript-eslint/no-explicit-any */
const profile = {
  staging: { "gdpr.retention-days": "90", "pci-dss.enabled": "false", "iso27001.enabled": "false", "soc2.enabled": "false", "logs.retention-days": "14" },
  production: {
    "gdpr.retention-days": "365",
    "pci-dss.enabled": "true",
    "iso27001.enabled": "true",
    "soc2.enabled": "true",
    "logs.retention-days": "90",
    "pci-dss.zone-namespace": "pci-zone",
  },
} as Record<string, Record<string, string>>;

describe("compliance", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("the compliance profile records the stack's frameworks and retention", async () => {
        const cm = one<any>(objectsOf(await runStack(stack), "Compliance"), "ConfigMap", "compliance-profile");
        assert.equal(cm.metadata.namespace, "compliance");
        for (const [k, v] of Object.entries(profile[stack])) assert.equal(cm.data[k], v, k);
        assert.equal(cm.data.environment, stack);
      });

      it("the GDPR job deletes log documents older than gdprRetentionDays, on schedule, restricted, as a read/delete-only user", async () => {
        const run = await runStack(stack);
        const job = one<any>(objectsOf(run, "Compliance"), "CronJob", "gdpr-retention");
        assert.equal(job.spec.schedule, "30 3 * * *");
        assert.equal(job.spec.concurrencyPolicy, "Forbid");
        const c = podSpecOf(job).containers[0];
        const command = c.command.join(" ");
        assert.ok(command.includes(`"lt":"now-${run.config.compliance.gdprRetentionDays}d/d"`), command);
        assert.ok(command.includes("https://elasticsearch.logging.svc:9200/k8s-logs-*/_delete_by_query"), command);
        // Credentials from the mounted curl config file (the retention user's), never an argument or the environment.
        assert.ok(command.includes("--cacert /tls/ca.crt") && command.startsWith("curl --config /credentials/curl.conf "), command);
        assert.equal(c.env, undefined);
        const credentials = podSpecOf(job).volumes.find((v: any) => v.name === "credentials");
        assert.equal(credentials.secret.secretName, "gdpr-retention-credentials");
        const secret = resourceOfObject(run, "Secret", "gdpr-retention-credentials", "compliance");
        assert.ok(
          secret.secretPaths.some((p) => p.startsWith("stringData")),
          "the curl config file is a Pulumi secret",
        );
        assert.deepEqual(evaluatePodSecurity(job, { level: "restricted" }), []);
        assert.equal(podSpecOf(job).securityContext.runAsUser, 100);
        const ns = objectsOfKind(run, "Namespace").find((n) => n.metadata.name === "compliance")!;
        assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
      });

      it("the GDPR job may reach only DNS and Elasticsearch, and Elasticsearch admits it", async () => {
        const run = await runStack(stack);
        const policy = one<any>(objectsOf(run, "Compliance"), "NetworkPolicy", "gdpr-retention");
        assert.deepEqual(policy.spec.policyTypes, ["Ingress", "Egress"]);
        assert.equal(policy.spec.ingress, undefined);
        const ports = policy.spec.egress.flatMap((e: any) => e.ports.map((p: any) => `${p.protocol}/${p.port}`)).sort();
        assert.deepEqual(ports, ["TCP/53", "TCP/9200", "UDP/53"]);
        const es = one<any>(objectsOf(run, "Logging"), "NetworkPolicy", "elasticsearch");
        const admitted = es.spec.ingress[0].from.some(
          (f: any) =>
            f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "compliance" &&
            f.podSelector?.matchLabels["app.kubernetes.io/name"] === "gdpr-retention",
        );
        assert.ok(admitted);
      });

      it("the PCI zone and its payment-only role exist exactly when pciDss is on", async () => {
        const run = await runStack(stack);
        const pci = run.config.compliance.pciDss;
        assert.equal(pci, stack === "production");
        const ns = objectsOfKind(run, "Namespace").find((n) => n.metadata.name === "pci-zone");
        assert.equal(!!ns, pci);
        const roles = objectsOf(run, "Compliance").filter((o) => o.kind === "Role");
        assert.equal(roles.length, pci ? 1 : 0);
        if (!pci) return;
        assert.equal(ns!.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
        const role = one<any>(objectsOf(run, "Compliance"), "Role", "payment-only");
        // Secrets only by name (compliance.pciSecrets), none unless listed.
        assert.deepEqual(role.rules, [
          ...(run.config.compliance.pciSecrets.length === 0
            ? []
            : [{ apiGroups: [""], resources: ["secrets"], resourceNames: run.config.compliance.pciSecrets, verbs: ["get"] }]),
          { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
        ]);
        const binding = one<any>(objectsOf(run, "Compliance"), "RoleBinding", "payment-only");
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "payments-service", namespace: "ecommerce" }]);
        assert.ok(resourceOfObject(run, "Role", "payment-only", "pci-zone").dependsOn.some((d) => d.endsWith("namespace-pci-zone")));
      });
    });
  }

  it("the payment-only role reads the PCI zone's Secrets by name only: the listed ones, none when none is listed", () => {
    const services = [{ name: "payments-service", namespace: "ecommerce", serviceAccount: "payments-service" }];
    assert.deepEqual(pciZoneManifests("pci-zone", services, ["card-vault-token"]).role.rules[0], {
      apiGroups: [""],
      resources: ["secrets"],
      resourceNames: ["card-vault-token"],
      verbs: ["get"],
    });
    assert.ok(pciZoneManifests("pci-zone", services, []).role.rules.every((r) => !r.resources.includes("secrets")));
  });

  it("refuses logs kept longer than the GDPR retention, an unknown PCI service and a relaxed PCI zone", async () => {
    await assert.rejects(
      runStack("staging", { overrides: { logging: { retentionDays: 120 } } }),
      /logging\.retentionDays: keeps logs \(personal data\) longer than compliance\.gdprRetentionDays \(90\)/,
    );
    await assert.rejects(
      runStack("production", { overrides: { compliance: { pciServices: ["payment-service"] } } }),
      /compliance\.pciServices\[0\]: is not a catalog service/,
    );
    await assert.rejects(
      runStack("production", { overrides: { podSecurity: { namespaces: { "pci-zone": { level: "baseline", reason: "testing a relaxed PCI zone" } } } } }),
      /podSecurity\.namespaces\.pci-zone\.level: the PCI-DSS zone must stay restricted/,
    );
  });

  it("features.compliance off removes the profile, the job, the PCI zone and the compliance namespace", async () => {
    const off = await runStack("production", { overrides: { features: { compliance: false } } });
    assert.equal(resourcesOf(off, "Compliance").length, 0);
    const names = objectsOfKind(off, "Namespace").map((n) => n.metadata.name);
    assert.ok(!names.includes("compliance") && !names.includes("pci-zone"));
  });
});
