import { strict as assert } from "node:assert";
import { objectNamed, objectsOfKind, realStacks, resourcesOfType, runStack, type KubernetesObject } from "../harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const DATA_STORE_TIERS = new Set(["data", "messaging", "storage"]);
const consumersOf = (es: KubernetesObject) => (es.metadata.annotations?.["ecommerce.example.com/consumers"] ?? "").split(",");
const spec = (o: KubernetesObject) => o.spec as any;

describe("clients do not share the data stores' credentials (issue 15, item 5)", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("a data store's own document reaches the store alone: no other service lists it, syncs it or may read its Vault path", async () => {
        const run = await runStack(stack);
        const stores = run.config.catalog.filter((s) => DATA_STORE_TIERS.has(s.tier));
        assert.ok(stores.length >= 3);
        const policies = resourcesOfType(run, "vault:index/policy:Policy");
        for (const store of stores) {
          for (const document of store.secrets) {
            const readers = run.config.catalog.filter((s) => s.secrets.includes(document)).map((s) => s.name);
            assert.deepEqual(readers, [store.name], `${document} is read by ${readers.join(", ")}`);
            for (const es of objectsOfKind(run, "ExternalSecret").filter((e) => e.metadata.name === document)) {
              assert.equal(es.metadata.namespace, store.namespace);
              assert.deepEqual(consumersOf(es), [store.name]);
            }
            for (const policy of policies.filter((p) => !String(p.inputs.name).endsWith(`-${store.namespace}`))) {
              assert.doesNotMatch(String(policy.inputs.policy), new RegExp(`/${document}"`), `${policy.inputs.name} may read ${document}`);
            }
          }
        }
      });

      it("each client of a data store has its own identity there and receives only its user name and password", async () => {
        const run = await runStack(stack);
        const byName = new Map(run.config.catalog.map((s) => [s.name, s]));
        const identities = new Map<string, string>();
        for (const client of run.config.catalog) {
          for (const dep of client.dependsOn) {
            const store = byName.get(dep.service)!;
            if (!DATA_STORE_TIERS.has(store.tier)) continue;
            // The client's document for this store: one only it lists, with the properties it receives.
            const own = client.secrets.filter((s) => s.includes(store.name.replace(/^[a-z]+-(mysql)$/, "$1")) && client.secretKeys?.[s]);
            assert.equal(own.length, 1, `${client.name} has no identity of its own at ${store.name}: ${client.secrets.join(", ")}`);
            const key = `${store.name}/${own[0]}`;
            assert.ok(!identities.has(key), `${client.name} shares ${own[0]} with ${identities.get(key)}`);
            identities.set(key, client.name);
            const es = objectNamed(run, "ExternalSecret", own[0], client.namespace);
            assert.equal(spec(es).dataFrom, undefined, `${own[0]} copies its whole document`);
            assert.deepEqual(
              spec(es).data.map((d: any) => d.remoteRef.property),
              [...client.secretKeys![own[0]]].sort(),
            );
          }
        }
        // api-gateway and orders-service: two RabbitMQ identities.
        const rabbit = [...identities].filter(([k]) => k.startsWith("rabbitmq/")).map(([k, v]) => `${v}:${k}`);
        assert.deepEqual(rabbit.sort(), [
          "api-gateway:rabbitmq/api-gateway-rabbitmq-credentials",
          "orders-service:rabbitmq/orders-service-rabbitmq-credentials",
        ]);
      });

      it("the internet-facing api-gateway holds only the JWT public key; the private key is auth-service's alone", async () => {
        const run = await runStack(stack);
        const aws = run.config.secrets.aws!;
        const gatewayRole = objectNamed(run, "Role", "api-gateway", "ecommerce") as any;
        const readable = gatewayRole.rules.find((r: any) => r.resources.includes("secrets")).resourceNames;
        assert.ok(readable.includes(aws.jwtPublicKeySecretName));
        assert.ok(!readable.includes(aws.jwtSigningKeySecretName), "the gateway may read the signing key");
        const publicKey = objectNamed(run, "ExternalSecret", aws.jwtPublicKeySecretName, "ecommerce");
        assert.deepEqual(
          spec(publicKey).data.map((d: any) => d.secretKey),
          ["public-key"],
        );
        const signing = objectNamed(run, "ExternalSecret", aws.jwtSigningKeySecretName, "ecommerce");
        assert.deepEqual(consumersOf(signing), ["auth-service"]);
      });
    });
  }
});
