import { strict as assert } from "node:assert";
import { objectNamed, objectsOfKind, runStack, type StackRun } from "../../tests/harness";
import { componentOf, idOf, resourceDelta, subtree } from "./test-helpers";

/** `type::name` of a component's whole subtree. */
function idsBelow(run: StackRun, componentType: string): string[] {
  return subtree(run, componentOf(run, componentType)).map(idOf);
}

/** `type::name` of a Kubernetes object's resource. */
function objectId(run: StackRun, kind: string, name: string, namespace?: string): string {
  const r = run.resources.find((x) => {
    const m = x.inputs.metadata as { name?: string; namespace?: string } | undefined;
    return x.inputs.kind === kind && m?.name === name && m?.namespace === namespace;
  });
  assert.ok(r, `no ${kind} ${namespace ?? ""}/${name} in ${run.stack}`);
  return idOf(r);
}

describe("secrets: turning a part off removes exactly its resources (staging)", () => {
  let base: StackRun;
  before(async () => {
    base = await runStack("staging");
  });

  it("removing secrets.aws removes the AWS backend and the AWS stores; the JWT secrets then come from Vault", async () => {
    const off = await runStack("staging", { overrides: { secrets: { aws: undefined } } });
    const delta = resourceDelta(base, off);
    const awsStores = objectsOfKind(base, "SecretStore").filter((s) => (s.spec as { provider: Record<string, unknown> }).provider.aws);
    assert.ok(awsStores.length > 0);
    const expected = [
      ...idsBelow(base, "ecommerce:security:AwsSecretsBackend"),
      ...awsStores.map((s) => objectId(base, "SecretStore", s.metadata.name!, s.metadata.namespace)),
    ].sort();
    assert.deepEqual(delta, { removed: expected, added: [] });
    for (const name of ["jwt-signing-key", "jwt-secret"]) {
      const jwt = objectNamed(off, "ExternalSecret", name, "e-commerce");
      assert.equal((jwt.spec as { secretStoreRef: { name: string } }).secretStoreRef.name, "vault");
    }
    // The store service account no longer names an IAM role.
    assert.equal(objectNamed(off, "ServiceAccount", "external-secrets-store", "e-commerce").metadata.annotations, undefined);
  });

  it("features.vaultResources off removes exactly the Vault resources; the stores stay (Vault is then managed elsewhere)", async () => {
    const off = await runStack("staging", { overrides: { features: { vaultResources: false } } });
    const delta = resourceDelta(base, off);
    const vaultProvider = base.resources.filter((r) => r.type === "pulumi:providers:vault").map(idOf);
    assert.deepEqual(delta, { removed: [...idsBelow(base, "ecommerce:security:VaultBackend"), ...vaultProvider].sort(), added: [] });
    assert.ok(
      delta.removed.every((id) => id.startsWith("vault:") || id.startsWith("pulumi:providers:vault") || id.startsWith("ecommerce:security:VaultBackend")),
    );
  });

  it("features.awsResources off removes only AWS-provider resources; the store service account names the same role", async () => {
    const off = await runStack("staging", { overrides: { features: { awsResources: false } } });
    const delta = resourceDelta(base, off);
    assert.deepEqual(delta.added, []);
    assert.ok(delta.removed.length > 0);
    // The JWT key pair is generated only to be written into Secrets Manager: it goes with it.
    const notAws = delta.removed.filter(
      (id) =>
        !/^(aws:|tls:index\/privateKey:PrivateKey::secrets-aws-|pulumi:providers:aws::)/.test(id) && !base.resources.some((r) => idOf(r) === id && !r.custom),
    );
    assert.deepEqual(notAws, [], "only AWS resources (and components left empty) may go");
    for (const id of idsBelow(base, "ecommerce:security:AwsSecretsBackend")) assert.ok(delta.removed.includes(id), `${id} survived`);
    const annotation = (run: StackRun) =>
      objectNamed(run, "ServiceAccount", "external-secrets-store", "e-commerce").metadata.annotations?.["eks.amazonaws.com/role-arn"];
    assert.equal(annotation(off), annotation(base));
  });

  it("features.externalSecrets off removes the operator, its namespace, the backends and every store and ExternalSecret, and nothing of Sealed Secrets", async () => {
    const off = await runStack("staging", { overrides: { features: { externalSecrets: false } } });
    const delta = resourceDelta(base, off);
    const ours = ["ecommerce:security:ExternalSecretsOperator", "ecommerce:security:AwsSecretsBackend", "ecommerce:security:VaultBackend"].flatMap((t) =>
      idsBelow(base, t),
    );
    const operatorNamespace = base.config.secrets.operatorNamespace;
    const inOperatorNamespace = base.resources
      .filter(
        (r) =>
          (r.inputs.metadata as { namespace?: string; name?: string } | undefined)?.namespace === operatorNamespace ||
          (r.inputs.kind === "Namespace" && (r.inputs.metadata as { name?: string }).name === operatorNamespace),
      )
      .map(idOf);
    const namespaceComponent = `ecommerce:security:SecureNamespace::${operatorNamespace}`;
    const expected = [...new Set([...ours, ...inOperatorNamespace, namespaceComponent])].sort();
    assert.deepEqual(delta, { removed: expected, added: [] });
    for (const id of idsBelow(base, "ecommerce:security:SealedSecrets")) assert.ok(!delta.removed.includes(id));
    assert.equal(objectsOfKind(off, "ExternalSecret").length, 0);
  });

  it("features.sealedSecrets off removes exactly the controller, the sealing keys and the certificate output", async () => {
    const off = await runStack("staging", { overrides: { features: { sealedSecrets: false } } });
    assert.deepEqual(resourceDelta(base, off), { removed: idsBelow(base, "ecommerce:security:SealedSecrets").sort(), added: [] });
    assert.equal(off.outputs.sealedSecretsCertificate, undefined);
  });

  it("rotation off removes only Reloader and the Reloader marks; a cluster store adds exactly the cluster stores and their identities", async () => {
    const changed = await runStack("staging", { overrides: { secrets: { rotation: false, clusterSecretStore: true } } });
    const delta = resourceDelta(base, changed);
    const reloader = base.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "reloader").map(idOf);
    assert.deepEqual(delta.removed, reloader);
    for (const es of objectsOfKind(changed, "ExternalSecret")) {
      assert.deepEqual((es.spec as { target: { template: { metadata: { annotations: object } } } }).target.template.metadata.annotations, {});
    }
    const ns = base.config.secrets.operatorNamespace;
    assert.deepEqual(delta.added, [
      // Each store role has a read policy of its own (the secrets it syncs).
      "aws:iam/policy:Policy::secrets-aws-ecommerce-staging-eso-cluster-read",
      "aws:iam/role:Role::secrets-aws-ecommerce-staging-eso-cluster",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment::secrets-aws-ecommerce-staging-eso-cluster-read",
      "kubernetes:core/v1:ServiceAccount::serviceaccount-external-secrets-external-secrets-store",
      "kubernetes:external-secrets.io/v1:ClusterSecretStore::clustersecretstore-aws-secrets-manager",
      "kubernetes:external-secrets.io/v1:ClusterSecretStore::clustersecretstore-vault",
      "vault:index/policy:Policy::secrets-vault-external-secrets-cluster",
      "vault:kubernetes/authBackendRole:AuthBackendRole::secrets-vault-external-secrets-cluster",
    ]);
    for (const store of objectsOfKind(changed, "ClusterSecretStore")) {
      const spec = store.spec as {
        conditions: Array<{ namespaces: string[] }>;
        provider: Record<string, { auth: Record<string, { serviceAccountRef: { namespace: string } }> }>;
      };
      assert.deepEqual(spec.conditions, [{ namespaces: ["e-commerce"] }]);
      const provider = Object.values(spec.provider)[0];
      assert.equal(Object.values(provider.auth)[0].serviceAccountRef.namespace, ns);
    }
  });
});
