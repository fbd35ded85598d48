import { strict as assert } from "node:assert";
import { objectNamed, objectsOfKind, runStack, type KubernetesObject } from "../../tests/harness";
import { configErrorWith } from "../../tests/harness/config";
import { childrenOfType, unsecret, vaultPolicyPaths } from "./test-helpers";
import { mysqlRoles } from "./vault-database";

/* eslint-disable @typescript-eslint/no-explicit-any */
const VAULT_BACKEND = "ecommerce:security:VaultBackend";
const spec = (o: KubernetesObject) => o.spec as any;
const SECRET = "orders-service-mysql-credentials";
const ROLE = "orders-mysql-orders-service";

describe("Vault's database secrets engine for MySQL (secrets.vault.mysqlDynamicCredentials, production)", () => {
  it("mounts the engine and connects to orders-mysql as Vault's own user, with a generated password kept secret", async () => {
    const run = await runStack("production");
    const mounts = childrenOfType(run, VAULT_BACKEND, "vault:index/mount:Mount");
    assert.deepEqual(mounts.map((m) => `${m.inputs.path}:${m.inputs.type}`).sort(), ["database:database", "secret:kv"]);
    const [connection] = childrenOfType(run, VAULT_BACKEND, "vault:database/secretBackendConnection:SecretBackendConnection");
    assert.equal(connection.inputs.name, "orders-mysql");
    assert.deepEqual(connection.inputs.allowedRoles, [ROLE]);
    const mysql = unsecret<any>(connection.inputs.mysql);
    assert.equal(mysql.connectionUrl, "{{username}}:{{password}}@tcp(orders-mysql.ecommerce-data.svc:3306)/");
    assert.equal(mysql.username, "vault");
    assert.ok(
      connection.secretPaths.some((p) => p.startsWith("mysql")),
      `the admin password is in plaintext: ${connection.secretPaths}`,
    );
    // Its first password is in KV for the server to create the user with, as a secret.
    const [bootstrap] = childrenOfType(run, VAULT_BACKEND, "vault:kv/secretV2:SecretV2");
    assert.equal(bootstrap.inputs.name, "e-commerce/production/orders-mysql-vault-admin");
    assert.deepEqual(bootstrap.secretPaths, ["dataJson"]);
    assert.equal(JSON.parse(unsecret<string>(bootstrap.inputs.dataJson)).password, mysql.password);
  });

  it("orders-service's role creates a user of its own with only the listed privileges on its database, and drops it at the lease's end", async () => {
    const run = await runStack("production");
    const [role] = childrenOfType(run, VAULT_BACKEND, "vault:database/secretBackendRole:SecretBackendRole");
    assert.equal(role.inputs.name, ROLE);
    assert.deepEqual(role.inputs.creationStatements, [
      "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `orders`.* TO '{{name}}'@'%';",
    ]);
    assert.deepEqual(role.inputs.revocationStatements, ["DROP USER IF EXISTS '{{name}}'@'%';"]);
    assert.equal(role.inputs.defaultTtl, 3600);
    assert.equal(role.inputs.maxTtl, 86400);
  });

  it("the ecommerce store may read that role's credentials and no KV document of them; the ExternalSecret reads through the generator", async () => {
    const run = await runStack("production");
    const policy = childrenOfType(run, VAULT_BACKEND, "vault:index/policy:Policy").find((p) => p.inputs.name === "external-secrets-ecommerce")!;
    const paths = vaultPolicyPaths(String(policy.inputs.policy)).map((p) => p.path);
    assert.ok(paths.includes(`database/creds/${ROLE}`), paths.join(", "));
    assert.ok(!paths.some((p) => p.endsWith(`/${SECRET}`)), "the static document is still readable");
    // No other namespace may read it.
    for (const other of childrenOfType(run, VAULT_BACKEND, "vault:index/policy:Policy").filter((p) => p !== policy)) {
      assert.doesNotMatch(String(other.inputs.policy), /database\/creds/);
    }
    const generator = objectNamed(run, "VaultDynamicSecret", SECRET, "ecommerce");
    assert.equal(spec(generator).path, `database/creds/${ROLE}`);
    assert.equal(spec(generator).provider.auth.kubernetes.role, "external-secrets-ecommerce");
    assert.deepEqual(spec(generator).provider.auth.kubernetes.serviceAccountRef, { name: "external-secrets-store", audiences: ["vault"] });
    const es = objectNamed(run, "ExternalSecret", SECRET, "ecommerce");
    assert.deepEqual(spec(es).dataFrom, [
      { sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "VaultDynamicSecret", name: SECRET } } },
    ]);
    assert.equal(spec(es).secretStoreRef, undefined);
    assert.equal(spec(es).refreshInterval, "1800s", "a new user at half the lease");
  });

  it("staging does not enable it: orders-service's user and password come from its KV document (orders-db-secret, the document's name)", async () => {
    const run = await runStack("staging");
    assert.equal(childrenOfType(run, VAULT_BACKEND, "vault:database/secretBackendConnection:SecretBackendConnection").length, 0);
    assert.deepEqual(objectsOfKind(run, "VaultDynamicSecret"), []);
    const es = objectNamed(run, "ExternalSecret", "orders-db-secret", "e-commerce");
    assert.deepEqual(
      spec(es).data.map((d: any) => d.remoteRef.key),
      ["e-commerce/staging/orders-db-secret", "e-commerce/staging/orders-db-secret"],
    );
  });

  it("refuses a secret no client lists, a server without a mysql port or not called by the client, and a secret read from AWS", () => {
    const withEntry = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      configErrorWith("production", {
        ...extra,
        secrets: {
          ...extra,
          vault: { mysqlDynamicCredentials: { secrets: { [SECRET]: { client: "orders-service", server: "orders-mysql", database: "orders", ...entry } } } },
        },
      }).message;
    assert.match(withEntry({ client: "products-service" }), /mysqlDynamicCredentials\.secrets\.orders-service-mysql-credentials\.client: does not list/);
    assert.match(withEntry({ server: "rabbitmq" }), /\.server: has no port named mysql; its ports: amqp, management, metrics/);
    assert.match(withEntry({ server: "orders-sql" }), /\.server: is not a catalog service/);
    assert.match(withEntry({ database: "orders; DROP" }), /\.database: must be a MySQL database name/);
    assert.match(withEntry({ privileges: "ALL'; --" }), /\.privileges: must be MySQL privileges/);
  });

  it("the role's SQL grants on exactly one database", () => {
    const [role] = mysqlRoles({ secrets: { s: { client: "c", server: "db", database: "shop", privileges: "SELECT" } } });
    assert.equal(role.name, "db-c");
    assert.deepEqual(role.creationStatements.slice(1), ["GRANT SELECT ON `shop`.* TO '{{name}}'@'%';"]);
  });
});
