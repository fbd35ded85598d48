import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveCompliance } from "./settings";

const resolved = (stack: string, overrides: Record<string, unknown> = {}) => resolveCompliance(stackConfigWith(stack, overrides));

describe("compliance settings (resolve)", () => {
  it("fills every default of the profile and the GDPR job", () => {
    const compliance = resolved("staging")!;
    assert.equal(compliance.namespace, "compliance");
    assert.equal(compliance.environment, "staging");
    assert.equal(compliance.gdprRetentionDays, 90);
    assert.equal(compliance.gdprRetentionSchedule, "30 3 * * *");
    assert.equal(compliance.gdprJobImage, "docker.io/curlimages/curl:8.16.0");
    assert.deepEqual([compliance.pciDss, compliance.iso27001, compliance.soc2], [false, false, false]);
    assert.equal(compliance.pciNamespace, "pci-zone");
    assert.deepEqual(compliance.dns, { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } });
    assert.ok(compliance.clusterCidrs.includes("10.10.0.0/16"));
  });

  it("reads the log store the GDPR job purges, and issues the job's CA bundle from the internal CA", () => {
    const config = stackConfigWith("staging");
    const compliance = resolveCompliance(config)!;
    assert.equal(compliance.logStore!.namespace, "logging");
    assert.equal(compliance.logStore!.endpoint.url, "https://elasticsearch.logging.svc:9200");
    assert.equal(compliance.logStore!.indexPrefix, "k8s-logs");
    assert.equal(compliance.logStore!.retentionDays, 14);
    assert.equal(compliance.logStore!.password, config.credentials.elasticsearchPassword);
    assert.deepEqual(compliance.gdprCaSecret, { name: "gdpr-retention-tls", issueFromInternalCa: true });
  });

  it("mounts a provided TLS Secret instead, and needs no CA bundle for an external store", () => {
    const provided = resolved("staging", { logging: { elasticsearch: { tlsSecretName: "es-tls-provided" }, fluentBit: { caConfigMapName: "es-ca" } } })!;
    assert.deepEqual(provided.gdprCaSecret, { name: "es-tls-provided", issueFromInternalCa: false });
    const external = resolved("staging", { logging: { mode: "external", external: { host: "logs.example.net" } } })!;
    assert.equal(external.logStore!.endpoint.inCluster, false);
    assert.equal(external.gdprCaSecret, undefined);
  });

  it("has no log store (and so no GDPR job) when features.logging is off", () => {
    const compliance = resolved("staging", { features: { logging: false } })!;
    assert.equal(compliance.logStore, undefined);
    assert.equal(compliance.gdprCaSecret, undefined);
  });

  it("looks the PCI zone's payment services up in the catalog, in the configured order", () => {
    const production = resolved("production")!;
    assert.equal(production.pciDss, true);
    assert.deepEqual(
      production.pciServices.map((s) => [s.name, s.namespace, s.serviceAccount]),
      // Placed in the PCI zone (compliance.pciDss), where every layer finds it.
      [["payments-service", "pci-zone", "payments-service"]],
    );
    const two = resolved("production", { compliance: { pciServices: ["orders-service", "payments-service"] } })!;
    assert.deepEqual(
      two.pciServices.map((s) => s.name),
      ["orders-service", "payments-service"],
    );
  });

  it("is absent when features.compliance is off", () => {
    assert.equal(resolved("staging", { features: { compliance: false } }), undefined);
  });
});
