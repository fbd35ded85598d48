import { strict as assert } from "node:assert";
import { configErrorWith, stackConfigWith } from "../../tests/harness/config";
import { resolveLogging } from "./settings";

const resolved = (stack: string, overrides: Record<string, unknown> = {}) => resolveLogging(stackConfigWith(stack, overrides));
/** Without cert-manager the stack issues no certificate: the in-cluster store needs a TLS Secret of its own. */
const providedTls = { logging: { elasticsearch: { tlsSecretName: "es-tls-provided" }, fluentBit: { caConfigMapName: "es-ca" } } };

describe("logging settings (resolve)", () => {
  it("fills every default of the in-cluster store, Fluent Bit and the index settings", () => {
    const config = stackConfigWith("staging");
    const logging = resolveLogging(config)!;
    assert.equal(logging.namespace, "logging");
    assert.deepEqual(logging.endpoint, {
      inCluster: true,
      host: "elasticsearch.logging.svc",
      port: 9200,
      url: "https://elasticsearch.logging.svc:9200",
      writerUser: "fluent-bit",
    });
    assert.equal(logging.indexPrefix, "k8s-logs");
    assert.equal(logging.retentionDays, 14);
    assert.equal(logging.tlsSecretName, "elasticsearch-tls");
    assert.deepEqual(logging.fluentBit, {
      namespace: "fluent-bit",
      elasticsearchCa: { configMap: "internal-ca", key: "root-ca.crt" },
      image: "cr.fluentbit.io/fluent/fluent-bit:4.1.1",
      memBufLimit: "50MB",
      storageLimit: "1G",
      retryLimit: 10,
      flushSeconds: 5,
    });
    assert.deepEqual(logging.inCluster, {
      replicas: 1,
      storageSize: "30Gi",
      storageClass: "gp3",
      image: "docker.elastic.co/elasticsearch/elasticsearch:8.19.6",
      kibanaImage: "docker.elastic.co/kibana/kibana:8.19.6",
      cpu: "1",
      memory: "2Gi",
      heap: "1g",
      issueCertificate: true,
      kibanaTlsSecretName: "kibana-tls",
      protect: false,
      kibanaEncryptionKey: config.credentials.kibanaEncryptionKey,
    });
    assert.equal(logging.elasticsearchPassword, config.credentials.elasticsearchPassword);
  });

  it("protects the store in production, where protectStatefulResources defaults to true", () => {
    assert.equal(resolved("production")!.inCluster!.protect, true);
    assert.equal(resolved("production")!.inCluster!.replicas, 3);
  });

  it("derives the network ranges from the cluster: the API server at network.apiServer.cidrs, else in the node ranges", () => {
    const staging = resolved("staging")!.network;
    assert.deepEqual(staging.apiServerCidrs, ["10.10.0.0/16"]);
    assert.ok(staging.clusterCidrs.includes("10.10.0.0/16") && staging.clusterCidrs.includes("192.168.0.0/16"));
    assert.deepEqual(resolved("staging", { network: { apiServer: { cidrs: ["10.10.4.0/24"] } } })!.network.apiServerCidrs, ["10.10.4.0/24"]);
  });

  it("Fluent Bit has its own namespace and trusts the internal CA's root there, or the ConfigMap named with a provided TLS Secret", () => {
    const staging = resolved("staging")!;
    assert.equal(staging.namespace, "logging");
    assert.equal(staging.fluentBit.namespace, "fluent-bit");
    assert.deepEqual(staging.fluentBit.elasticsearchCa, { configMap: "internal-ca", key: "root-ca.crt" });
    assert.deepEqual(resolved("staging", providedTls)!.fluentBit.elasticsearchCa, { configMap: "es-ca", key: "ca.crt" });
    assert.deepEqual(resolved("staging", { logging: { elasticsearch: { tlsSecretName: "es-tls-provided" } } })!.fluentBit.elasticsearchCa, {
      configMap: "elasticsearch-ca",
      key: "ca.crt",
    });
    assert.match(
      configErrorWith("staging", { logging: { fluentBit: { namespace: "logging" } } }).message,
      /logging\.fluentBit\.namespace: must differ from logging\.namespace \(logging\): Fluent Bit's namespace is privileged/,
    );
  });

  it("uses a provided TLS Secret instead of issuing one", () => {
    const logging = resolved("staging", providedTls)!;
    assert.equal(logging.tlsSecretName, "es-tls-provided");
    assert.equal(logging.inCluster!.issueCertificate, false);
    // Kibana keeps a Secret of its own (kibana-tls unless named), never Elasticsearch's.
    assert.equal(logging.inCluster!.kibanaTlsSecretName, "kibana-tls");
    const named = resolved("staging", {
      logging: { elasticsearch: { tlsSecretName: "es-tls-provided", kibanaTlsSecretName: "kibana-tls-provided" }, fluentBit: { caConfigMapName: "es-ca" } },
    })!;
    assert.equal(named.inCluster!.kibanaTlsSecretName, "kibana-tls-provided");
    assert.match(
      configErrorWith("staging", { logging: { elasticsearch: { tlsSecretName: "es-tls", kibanaTlsSecretName: "es-tls" } } }).message,
      /logging\.elasticsearch\.kibanaTlsSecretName: must differ from logging\.elasticsearch\.tlsSecretName/,
    );
  });

  it("an external endpoint has no in-cluster store and one configured user (for writing, and the GDPR log-retention job's deleting)", () => {
    const logging = resolved("staging", { logging: { mode: "external", external: { host: "logs.example.net" } } })!;
    assert.equal(logging.inCluster, undefined);
    assert.deepEqual(logging.endpoint, {
      inCluster: false,
      host: "logs.example.net",
      port: 443,
      url: "https://logs.example.net:443",
      writerUser: "fluent-bit",
    });
  });

  it("is absent when features.logging is off", () => {
    assert.equal(resolved("staging", { features: { logging: false } }), undefined);
    assert.equal(resolved("e2e"), undefined);
  });
});
