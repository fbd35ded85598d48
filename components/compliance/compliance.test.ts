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

      it("no GDPR log-retention job against the in-cluster store: its lifecycle already deletes within the GDPR limit", async () => {
        const run = await runStack(stack);
        assert.equal(run.config.logging.mode, "in-cluster");
        assert.ok(run.config.logging.retentionDays <= run.config.compliance.gdprRetentionDays, "ILM deletes before the GDPR limit");
        const script: string = one<any>(objectsOf(run, "Logging"), "ConfigMap", "elasticsearch-security-setup-script").data["setup.sh"];
        assert.ok(script.includes(`"min_age":"${run.config.logging.retentionDays}d"`), "the store's ILM policy deletes at logging.retentionDays");
        assert.deepEqual(
          objectsOf(run, "Compliance").filter((o) => o.metadata.name?.startsWith("gdpr-retention")),
          [],
          "a job that could never find anything to delete does not exist",
        );
        const es = one<any>(objectsOf(run, "Logging"), "NetworkPolicy", "elasticsearch");
        assert.ok(!JSON.stringify(es.spec.ingress).includes('"compliance"'), "Elasticsearch admits nothing from the compliance namespace");
        assert.doesNotMatch(script, /gdpr-retention/, "no Elasticsearch user that may delete logs");
      });

      it("the PCI zone, its payment services and their payment-only role exist exactly when pciDss is on", async () => {
        const run = await runStack(stack);
        const pci = run.config.compliance.pciDss;
        assert.equal(pci, stack === "production");
        const ns = objectsOfKind(run, "Namespace").find((n) => n.metadata.name === "pci-zone");
        assert.equal(!!ns, pci);
        const roles = objectsOf(run, "Compliance").filter((o) => o.kind === "Role");
        assert.equal(roles.length, pci ? 1 : 0);
        if (!pci) return;
        assert.equal(ns!.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
        // payments-service runs in the zone: its ServiceAccount, Role and the role of the zone are there.
        assert.equal(run.config.catalog.find((s) => s.name === "payments-service")!.namespace, "pci-zone");
        const role = one<any>(objectsOf(run, "Compliance"), "Role", "payment-only");
        // get only, by name: the catalog's Secret and ConfigMap of payments-service; no list, no watch, no other Secret.
        assert.deepEqual(role.rules, [
          { apiGroups: [""], resources: ["secrets"], resourceNames: ["payments-service-secrets"], verbs: ["get"] },
          { apiGroups: [""], resources: ["configmaps"], resourceNames: ["payments-service-config"], verbs: ["get"] },
        ]);
        const binding = one<any>(objectsOf(run, "Compliance"), "RoleBinding", "payment-only");
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "payments-service", namespace: "pci-zone" }]);
        // Every Role of the zone that reads Secrets or ConfigMaps names them and only gets them.
        for (const r of objectsOfKind<any>(run, "Role", "pci-zone"))
          for (const rule of r.rules.filter((x: any) => x.resources.some((res: string) => res === "secrets" || res === "configmaps")))
            assert.ok(rule.resourceNames?.length > 0 && rule.verbs.every((v: string) => v === "get"), `${r.metadata.name}: ${JSON.stringify(rule)}`);
        assert.ok(resourceOfObject(run, "Role", "payment-only", "pci-zone").dependsOn.some((d) => d.endsWith("namespace-pci-zone")));
      });
    });
  }

  it("with an external log store, the GDPR log-retention job deletes its documents older than gdprRetentionDays, restricted, its password in a file", async () => {
    const run = await runStack("staging", { overrides: { logging: { mode: "external", external: { host: "logs.example.net", username: "shop-logs" } } } });
    const job = one<any>(objectsOf(run, "Compliance"), "CronJob", "gdpr-retention");
    assert.equal(job.spec.schedule, "30 3 * * *");
    assert.equal(job.spec.concurrencyPolicy, "Forbid");
    const c = podSpecOf(job).containers[0];
    const command = c.command.join(" ");
    assert.ok(command.includes(`"lt":"now-${run.config.compliance.gdprRetentionDays}d/d"`), command);
    assert.ok(command.includes("https://logs.example.net:443/k8s-logs-*/_delete_by_query"), command);
    // Credentials from the mounted curl config file, never an argument or the environment; the public CAs verify TLS.
    assert.ok(command.startsWith("curl --config /credentials/curl.conf ") && !command.includes("--cacert"), command);
    assert.equal(c.env, undefined);
    assert.equal(podSpecOf(job).volumes.find((v: any) => v.name === "credentials").secret.secretName, "gdpr-retention-credentials");
    const secret = resourceOfObject(run, "Secret", "gdpr-retention-credentials", "compliance");
    assert.ok(
      secret.secretPaths.some((p) => p.startsWith("stringData")),
      "the curl config file is a Pulumi secret",
    );
    assert.deepEqual(evaluatePodSecurity(job, { level: "restricted" }), []);
    assert.equal(podSpecOf(job).securityContext.runAsUser, 100);
    const policy = one<any>(objectsOf(run, "Compliance"), "NetworkPolicy", "gdpr-retention");
    assert.deepEqual(policy.spec.policyTypes, ["Ingress", "Egress"]);
    assert.equal(policy.spec.ingress, undefined);
    const ports = policy.spec.egress.flatMap((e: any) => e.ports.map((p: any) => `${p.protocol}/${p.port}`)).sort();
    assert.deepEqual(ports, ["TCP/443", "TCP/53", "UDP/53"]);
    const profile = one<any>(objectsOf(run, "Compliance"), "ConfigMap", "compliance-profile");
    assert.equal(profile.data["gdpr.retention-schedule"], "30 3 * * *");
  });

  it("the payment-only role reads by name only: the services' Secrets and ConfigMaps and the listed zone Secrets; no role when there is nothing to read", () => {
    const payments = {
      name: "payments-service",
      namespace: "pci-zone",
      serviceAccount: "payments-service",
      secrets: ["payments-service-secrets"],
      configMaps: [],
    };
    assert.deepEqual(pciZoneManifests("pci-zone", [payments], ["card-vault-token"])!.role.rules, [
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["payments-service-secrets", "card-vault-token"], verbs: ["get"] },
    ]);
    assert.equal(pciZoneManifests("pci-zone", [{ ...payments, secrets: [] }], []), undefined);
  });

  it("refuses a PCI zone outside the mesh or without signature enforcement, and another service in the zone", async () => {
    await assert.rejects(runStack("production", { overrides: { features: { mesh: false } } }), /features\.mesh: must be on when compliance\.pciDss is on/);
    await assert.rejects(
      runStack("production", { overrides: { features: { imageSignatures: false } } }),
      /features\.imageSignatures: must be on when compliance\.pciDss is on/,
    );
    await assert.rejects(
      runStack("production", { overrides: { scanning: { signatures: { mode: "warn" } } } }),
      /scanning\.signatures\.mode: must be enforce when compliance\.pciDss is on/,
    );
    await assert.rejects(
      runStack("production", { overrides: { services: { "orders-service": { namespace: "pci-zone" } } } }),
      /services\.orders-service\.namespace: is the PCI zone \(compliance\.pciNamespace\): only compliance\.pciServices \(payments-service\) run there/,
    );
    await assert.rejects(
      runStack("production", { overrides: { services: { "payments-service": { namespace: "payments" } } } }),
      /services\.payments-service\.namespace: payments-service runs in pci-zone because of compliance\.pciDss/,
    );
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
