import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../platform/config/parse";
import { planSecretDelivery, type DeliveryPlanInput } from "./delivery-plan";
import { externalSecretManifest } from "./external-secret-manifests";
import { renderVaultPolicy, storeReadRules } from "./vault-policy";
import { secretsReadPolicy } from "./iam-policies";
import { readStackFile } from "../../tests/harness";
import { withOverrides } from "../../platform/offline/mock-runtime";
import { configErrorOf } from "../../tests/harness/config";
import { vaultPolicyPaths } from "./test-helpers";

/** A small catalog and `secrets` section, with the given changes; trivy-operator not installed unless `scanner` is given. */
function planInput(secrets: Partial<DeliveryPlanInput["secrets"]> = {}, scanner?: string): DeliveryPlanInput {
  return {
    environment: "staging",
    imageScannerNamespace: scanner,
    catalog: [
      { name: "api-gateway", namespace: "shop", secrets: ["jwt-secret", "queue-credentials"] },
      { name: "auth", namespace: "shop", secrets: ["jwt-secret"] },
      { name: "queue", namespace: "shop-data", secrets: ["queue-credentials"] },
    ],
    secrets: { defaultBackend: "vault", backendOverrides: {}, vault: {}, clusterSecretStore: false, operatorNamespace: "external-secrets", ...secrets },
  };
}

describe("secrets: delivery plan from the catalog", () => {
  it("a client's Secret copies only the properties it lists (secretKeys); a service's own document is copied whole", () => {
    const input = planInput();
    const plan = planSecretDelivery({
      ...input,
      catalog: [
        {
          name: "shop-api",
          namespace: "shop",
          secrets: ["shop-api-queue-credentials"],
          secretKeys: { "shop-api-queue-credentials": ["username", "password"] },
        },
        { name: "queue", namespace: "shop-data", secrets: ["queue-credentials"] },
      ],
    });
    assert.deepEqual(plan.secrets.find((s) => s.name === "shop-api-queue-credentials")!.properties, ["password", "username"]);
    assert.equal(plan.secrets.find((s) => s.name === "queue-credentials")!.properties, undefined);
    const es = externalSecretManifest(
      plan.secrets.find((s) => s.name === "shop-api-queue-credentials")!,
      { refreshInterval: "1h", rotation: false },
    );
    assert.deepEqual((es.spec as { data?: unknown }).data, [
      { secretKey: "password", remoteRef: { key: "e-commerce/staging/shop-api-queue-credentials", property: "password" } },
      { secretKey: "username", remoteRef: { key: "e-commerce/staging/shop-api-queue-credentials", property: "username" } },
    ]);
    assert.equal((es.spec as { dataFrom?: unknown }).dataFrom, undefined, "the whole document is copied");
    // Two consumers of one Secret: what either lists; the whole document when one reads it whole.
    const shared = (keys: Array<string[] | undefined>) =>
      planSecretDelivery({
        ...input,
        catalog: keys.map((k, i) => ({ name: `s${i}`, namespace: "shop", secrets: ["doc"], ...(k ? { secretKeys: { doc: k } } : {}) })),
      }).secrets.find((s) => s.name === "doc")!.properties;
    assert.deepEqual(shared([["a"], ["b", "a"]]), ["a", "b"]);
    assert.equal(shared([["a"], undefined]), undefined);
  });

  it("a secret shared by services in two namespaces is synced once into each, naming every consumer", () => {
    const plan = planSecretDelivery(planInput());
    const queue = plan.secrets.filter((s) => s.name === "queue-credentials");
    assert.deepEqual(
      queue.map((s) => `${s.namespace}:${s.consumers.join("+")}`),
      ["shop:api-gateway", "shop-data:queue"],
    );
    const jwt = plan.secrets.filter((s) => s.name === "jwt-secret");
    assert.deepEqual(
      jwt.map((s) => `${s.namespace}:${s.consumers.join("+")}`),
      ["shop:api-gateway+auth"],
    );
  });

  it("the JWT secrets are read from AWS when AWS is configured, from the default backend otherwise", () => {
    const withAws = planSecretDelivery(planInput({ aws: { jwtSigningKeySecretName: "jwt-secret", jwtPublicKeySecretName: "jwt-public" } }));
    const jwt = withAws.secrets.find((s) => s.name === "jwt-secret")!;
    assert.equal(jwt.backend, "aws");
    assert.equal(jwt.remoteKey, "/e-commerce/staging/jwt-secret");
    const without = planSecretDelivery(planInput());
    assert.equal(without.secrets.find((s) => s.name === "jwt-secret")!.backend, "vault");
    assert.equal(without.secrets.find((s) => s.name === "jwt-secret")!.remoteKey, "e-commerce/staging/jwt-secret");
  });

  it("an override moves one secret to another backend, and a namespace only gets the stores its secrets need", () => {
    const plan = planSecretDelivery(
      planInput({ aws: { jwtSigningKeySecretName: "jwt-secret", jwtPublicKeySecretName: "jwt-public" }, backendOverrides: { "queue-credentials": "aws" } }),
    );
    assert.deepEqual(
      plan.scopes.map((s) => [s.kind, s.namespace, s.readable]),
      [
        ["SecretStore", "shop", { aws: ["jwt-secret", "queue-credentials"] }],
        ["SecretStore", "shop-data", { aws: ["queue-credentials"] }],
      ],
    );
  });

  it("the registry pull secret goes into every app namespace; a cluster store scope reads every secret of its backend", () => {
    const plan = planSecretDelivery(planInput({ registry: { server: "r.example.com", secretName: "pull" }, clusterSecretStore: true }));
    assert.deepEqual(
      plan.secrets.filter((s) => s.purpose === "registry").map((s) => s.namespace),
      ["shop", "shop-data"],
    );
    const cluster = plan.scopes.find((s) => s.kind === "ClusterSecretStore")!;
    assert.equal(cluster.namespace, "external-secrets");
    assert.deepEqual(cluster.readable, { vault: ["jwt-secret", "pull", "queue-credentials"] });
  });

  it("with trivy-operator installed, the registry pull secret also goes into its namespace, whose store reads that secret only", () => {
    const plan = planSecretDelivery(planInput({ registry: { server: "r.example.com", secretName: "pull" } }, "trivy-system"));
    assert.deepEqual(
      plan.secrets.filter((s) => s.purpose === "registry").map((s) => s.namespace),
      ["shop", "shop-data", "trivy-system"],
    );
    assert.deepEqual(plan.scopes.find((s) => s.namespace === "trivy-system")?.readable, { vault: ["pull"] });
    // Without a registry there is nothing to give the scanner, and its namespace gets no store.
    assert.equal(
      planSecretDelivery(planInput({}, "trivy-system")).scopes.find((s) => s.namespace === "trivy-system"),
      undefined,
    );
  });

  it("the Vault policy grants read on exactly the given data paths and nothing else", () => {
    const hcl = renderVaultPolicy(storeReadRules("secret", "production", ["b", "a", "a"]), "test");
    assert.deepEqual(vaultPolicyPaths(hcl), [
      { path: "secret/data/e-commerce/production/a", capabilities: ["read"] },
      { path: "secret/data/e-commerce/production/b", capabilities: ["read"] },
    ]);
    assert.throws(() => storeReadRules("secret", "production", []), /at least one secret path/);
  });

  it("the IAM read policy names exactly the store's secrets (not the environment's prefix) and decrypts through Secrets Manager only", () => {
    const doc = secretsReadPolicy({
      region: "eu-west-1",
      accountId: "123456789012",
      environment: "staging",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
      secretNames: ["jwt-public-key", "jwt-signing-key", "jwt-public-key"],
    });
    // `-??????`: the six characters Secrets Manager appends; `jwt-public-key-old` would not match.
    assert.deepEqual(doc.Statement[0].Resource, [
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/e-commerce/staging/jwt-public-key-??????",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/e-commerce/staging/jwt-signing-key-??????",
    ]);
    assert.deepEqual(doc.Statement[1].Condition, { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
  });
});

describe("secrets: configuration checks", () => {
  const staging = () => readStackFile("staging");

  it("a registry secret named like a catalog secret is refused, naming the service that owns the name", () => {
    const err = configErrorOf(() => parseStackConfig(withOverrides(staging(), { secrets: { registry: { secretName: "jwt-secret" } } })));
    assert.match(
      err.message,
      /secrets\.registry\.secretName: is also a catalog secret of api-gateway in namespace e-commerce; choose another name \(got "jwt-secret"\)/,
    );
  });

  it("an IRSA role name over IAM's 64 characters is refused before anything is created, naming the key", () => {
    const err = configErrorOf(() => parseStackConfig(withOverrides(staging(), { cluster: { name: "c".repeat(60) } })));
    assert.match(err.message, /ecommerce-security:cluster\.name: IRSA role name "c{60}-eso-[a-z-]+" is \d+ characters; IAM allows 64/);
  });

  it("a secret read from Vault without secrets.vault names the secrets that need it", () => {
    const err = configErrorOf(() => parseStackConfig(withOverrides(staging(), { secrets: { vault: undefined } })));
    assert.match(
      err.message,
      /ecommerce-security:secrets\.vault: is required: these secrets are read from vault: api-gateway-rabbitmq-credentials, auth-service-secrets, .*harbor-pull-secret \(registry\)/,
    );
  });

  it("an override naming no catalog secret is an error listing the known ones", () => {
    const err = configErrorOf(() => parseStackConfig(withOverrides(staging(), { secrets: { backendOverrides: { "jwt-signing-kee": "aws" } } })));
    assert.match(err.message, /secrets\.backendOverrides\.jwt-signing-kee: names no secret of the catalog; known: .*, jwt-secret, jwt-signing-key, /);
  });

  it("a sealing key generation listed twice is refused", () => {
    const err = configErrorOf(() => parseStackConfig(withOverrides(staging(), { secrets: { sealedSecrets: { keyGenerations: ["a", "b", "a"] } } })));
    assert.match(err.message, /secrets\.sealedSecrets\.keyGenerations: lists "a" twice/);
  });

  it("turning the Vault backend off is valid once the default backend is AWS", () => {
    const c = parseStackConfig(withOverrides(staging(), { secrets: { vault: undefined, defaultBackend: "aws" } }));
    assert.equal(c.secrets.vault, undefined);
  });
});
