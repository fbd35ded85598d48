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

  it("purges only an external log store: the in-cluster store's own lifecycle already deletes within the GDPR limit", () => {
    for (const stack of ["staging", "production"] as const) {
      const compliance = resolved(stack)!;
      assert.equal(compliance.logStore, undefined, `${stack}: in-cluster Elasticsearch, no log-retention job`);
      assert.ok(compliance.logRetentionDays! <= compliance.gdprRetentionDays, `${stack}: ILM deletes within the GDPR limit`);
    }
    const config = stackConfigWith("staging", { logging: { mode: "external", external: { host: "logs.example.net" } } });
    const external = resolveCompliance(config)!;
    assert.equal(external.logStore!.endpoint.inCluster, false);
    assert.equal(external.logStore!.endpoint.url, "https://logs.example.net:443");
    assert.equal(external.logStore!.password, config.credentials.elasticsearchPassword);
  });

  it("has no log store (and so no log-retention job) when features.logging is off", () => {
    const compliance = resolved("staging", { features: { logging: false } })!;
    assert.equal(compliance.logStore, undefined);
    assert.equal(compliance.logRetentionDays, undefined);
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
