import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../platform/config/parse";
import { seedCatalog } from "../../platform/catalog/seed";
import { readStackFile, realStacks } from "../harness";
import { withOverrides } from "../../platform/offline/mock-runtime";
import { configErrorOf } from "../harness/config";

/** The real staging file with some keys replaced (deep-merged), as a user's edit would. */
function stagingWith(overrides: Record<string, unknown>) {
  return withOverrides(readStackFile("staging"), overrides);
}

describe("stack configuration", () => {
  for (const stack of realStacks) {
    it(`Pulumi.${stack}.yaml is valid and yields the seed catalog`, () => {
      const c = parseStackConfig(readStackFile(stack));
      assert.equal(c.environment, stack);
      assert.deepEqual(
        c.catalog.map((s) => s.name),
        seedCatalog(c.naming).map((s) => s.name),
      );
    });
  }

  it("production protects stateful resources and staging does not", () => {
    assert.equal(parseStackConfig(readStackFile("production")).protect, true);
    assert.equal(parseStackConfig(readStackFile("staging")).protect, false);
  });

  it("a wrong type names the file, the key, the value and what is expected", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ backup: { retentionDays: "thirty" } })));
    assert.match(err.message, /Pulumi\.staging\.yaml: ecommerce-security:backup\.retentionDays: .*number.*\(got "thirty"\)/);
  });

  it("an unknown key is an error listing the allowed keys", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ logging: { retentionDayz: 3 } })));
    assert.match(err.message, /ecommerce-security:logging\.retentionDayz: unknown key; did you mean retentionDays\?; allowed: .*retentionDays/);
  });

  it("an unknown top-level key is an error", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ featurez: { mesh: false } })));
    assert.match(err.message, /ecommerce-security:featurez: unknown key; did you mean features\?; allowed: .*features/);
  });

  it("a credential set without --secret is refused and its value is not echoed", () => {
    const raw = readStackFile("staging");
    const key = "ecommerce-security:alertmanagerChatWebhookUrl";
    const secretKeys = new Set([...raw.secretKeys].filter((k) => k !== key));
    const values = { ...raw.values, [key]: "https://hooks.example.com/T000/B000/plaintext-token" };
    const err = configErrorOf(() => parseStackConfig({ ...raw, values, secretKeys }));
    assert.match(
      err.message,
      /ecommerce-security:alertmanagerChatWebhookUrl: holds a credential .* must be a secret: run `pulumi config set --secret alertmanagerChatWebhookUrl` \(it prompts for the value and replaces the plaintext one\)/,
    );
    assert.doesNotMatch(err.message, /plaintext-token/);
  });

  it("an unknown service in a dependency names the entry and the known services", () => {
    const err = configErrorOf(() =>
      parseStackConfig(
        stagingWith({
          services: {
            "orders-service": {
              dependsOn: [
                { service: "orders-mysql", ports: ["mysql"] },
                { service: "rabbitmq", ports: ["amqp"] },
                { service: "order-mysql", ports: ["mysql"] },
              ],
            },
          },
        }),
      ),
    );
    assert.match(
      err.message,
      /ecommerce-security:services\.orders-service\.dependsOn\[2\]\.service: unknown service; known: api-gateway, .*orders-mysql.* \(got "order-mysql"\)/,
    );
  });

  it("a dependency on a port the callee does not have is an error", () => {
    const err = configErrorOf(() =>
      parseStackConfig(stagingWith({ services: { "orders-service": { dependsOn: [{ service: "orders-mysql", ports: ["postgres"] }] } } })),
    );
    assert.match(err.message, /services\.orders-service\.dependsOn\[0\]\.ports\[0\]: orders-mysql has no port of that name; its ports: mysql/);
  });

  it("reports every problem of a broken stack file at once", () => {
    const raw = stagingWith({
      environment: "qa",
      cluster: { podCidrs: ["10.0.0.0/33"] },
      tls: { acmeEmail: "not-an-email" },
      bogus: true,
    });
    const err = configErrorOf(() => parseStackConfig(raw));
    for (const key of ["environment", "cluster.podCidrs[0]", "tls.acmeEmail", "bogus"]) {
      assert.ok(
        err.issues.some((i) => i.key === key),
        `missing issue for ${key} in:\n${err.message}`,
      );
    }
    assert.ok(err.issues.length >= 4);
  });

  it("a new service must give its namespace, tier, ports and service account", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ services: { "reviews-service": { tier: "backend" } } })));
    assert.match(err.message, /services\.reviews-service\.namespace: is required for a service that is not in the seed catalog/);
    assert.match(err.message, /services\.reviews-service\.ports: is required/);
  });

  it("a new service with every required field joins the catalog", () => {
    const c = parseStackConfig(
      stagingWith({
        services: {
          "reviews-service": {
            namespace: "ecommerce",
            tier: "backend",
            ports: [{ name: "http", port: 9000 }],
            serviceAccount: "reviews-service",
            dependsOn: [{ service: "products-service", ports: ["http"] }],
          },
        },
      }),
    );
    const reviews = c.catalog.find((s) => s.name === "reviews-service");
    assert.ok(reviews);
    assert.deepEqual(reviews.ports, [{ name: "http", port: 9000, protocol: "TCP" }]);
  });

  it("a feature that is on must have its settings", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ backup: undefined })));
    assert.match(err.message, /ecommerce-security:backup: is required when features\.backup is on/);
  });

  it("an application namespace cannot be relaxed below restricted", () => {
    const err = configErrorOf(() =>
      parseStackConfig(stagingWith({ podSecurity: { namespaces: { "e-commerce": { level: "baseline", reason: "the api-gateway wants host ports" } } } })),
    );
    assert.match(err.message, /podSecurity\.namespaces\.e-commerce\.level: namespace e-commerce runs catalog service api-gateway/);
  });

  it("a relaxed namespace must say why", () => {
    const err = configErrorOf(() => parseStackConfig(stagingWith({ podSecurity: { namespaces: { velero: { level: "privileged" } } } })));
    assert.match(err.message, /podSecurity\.namespaces\.velero\.reason: level privileged needs a reason/);
  });
});
