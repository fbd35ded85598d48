// RBAC derived from the catalog: one ServiceAccount per service without an API token, a Role that may only `get`
// the catalog's Secrets and ConfigMaps by name, its binding, and least privilege across everything the stack renders.
import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { leastPrivilegeClusterRole, rbacProblems, RbacError } from "./manifests";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, runStack } from "../../tests/harness";
import { stagingWithReviews } from "../network/test-fixtures";

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

for (const stack of realStacks) {
  describe(`catalog RBAC: ${stack}`, () => {
    it("every service runs as its own ServiceAccount with no API token mounted", async () => {
      const run = await runStack(stack);
      for (const s of run.config.catalog) {
        const sa = objectNamed(run, "ServiceAccount", s.serviceAccount, s.namespace);
        assert.equal(sa.automountServiceAccountToken, false, `${s.name} mounts a token but does not need the API`);
        assert.ok(
          resourceOfObject(run, "ServiceAccount", s.serviceAccount, s.namespace).dependsOn.some((d) => d.includes(`Namespace::`)),
          `${s.name}'s ServiceAccount waits for its namespace`,
        );
      }
    });

    it("each service's Role may only get its catalog Secrets and ConfigMaps, by name", async () => {
      const run = await runStack(stack);
      for (const s of run.config.catalog) {
        const role = objectNamed<{ rules: Rule[] } & { kind: string; apiVersion: string; metadata: { name: string } }>(run, "Role", s.name, s.namespace);
        const expected: Rule[] = [];
        if (s.secrets.length) expected.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: s.secrets });
        if (s.configMaps.length) expected.push({ apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: s.configMaps });
        assert.deepEqual(role.rules, expected, `${s.name}'s Role`);
      }
    });

    it("orders-service may read its own MySQL, RabbitMQ and MinIO credentials (never the stores' own documents) and nothing else", async () => {
      const run = await runStack(stack);
      const orders = run.config.catalog.find((s) => s.name === "orders-service")!;
      const role = objectNamed<{ rules: Rule[] } & { kind: string; apiVersion: string; metadata: { name: string } }>(
        run,
        "Role",
        orders.name,
        orders.namespace,
      );
      const secrets = role.rules.find((r) => r.resources.includes("secrets"));
      // Its MySQL login is orders-db-secret with the document's names, orders-service-mysql-credentials with the separated layout.
      assert.deepEqual(secrets?.resourceNames, [
        stack === "production" ? "orders-service-mysql-credentials" : "orders-db-secret",
        "orders-service-rabbitmq-credentials",
        "orders-service-minio-credentials",
        "orders-service-secrets",
      ]);
      assert.deepEqual(secrets?.verbs, ["get"]);
    });

    it("each RoleBinding binds its service's Role to that service's ServiceAccount only", async () => {
      const run = await runStack(stack);
      for (const s of run.config.catalog) {
        const binding = objectNamed(run, "RoleBinding", s.name, s.namespace);
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: s.name });
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: s.serviceAccount, namespace: s.namespace }]);
      }
    });

    it("no Role or ClusterRole in the stack has a wildcard or an escalating verb, and nothing binds cluster-admin", async () => {
      const run = await runStack(stack);
      const objects = kubernetesObjects(run.resources);
      assert.ok(objectsOfKind(run, "Role").length >= run.config.catalog.length);
      assert.deepEqual(rbacProblems(objects as Parameters<typeof rbacProblems>[0]), []);
    });
  });
}

describe("catalog RBAC: overrides", () => {
  it("a service that needs the Kubernetes API gets its token mounted, and only that service", async () => {
    const run = await runStack("staging", stagingWithReviews);
    assert.equal(objectNamed(run, "ServiceAccount", "orders-service-sa", "e-commerce").automountServiceAccountToken, true);
    assert.equal(objectNamed(run, "ServiceAccount", "products-service-sa", "e-commerce").automountServiceAccountToken, false);
  });

  it("a service granted no Secrets or ConfigMaps gets a ServiceAccount but no Role", async () => {
    const run = await runStack("staging", stagingWithReviews);
    objectNamed(run, "ServiceAccount", "minio-sa", "e-commerce");
    assert.equal(objectsOfKind(run, "Role", "e-commerce").filter((r) => r.metadata.name === "minio").length, 0);
    assert.equal(objectsOfKind(run, "RoleBinding", "e-commerce").filter((r) => r.metadata.name === "minio").length, 0);
  });
});

describe("least-privilege RBAC helpers", () => {
  const clusterRole = (rules: Array<Record<string, unknown>>, name = "fluent-bit-read") =>
    leastPrivilegeClusterRole({
      name,
      component: "logging",
      reason: "Fluent Bit's kubernetes filter reads pod and namespace metadata",
      rules: rules as never,
      subjects: [{ name: "fluent-bit", namespace: "logging" }],
    });

  it("renders a ClusterRole and its binding to the given ServiceAccounts", () => {
    const [role, binding] = clusterRole([{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }]);
    assert.equal(role.kind, "ClusterRole");
    assert.deepEqual((binding as { subjects: unknown }).subjects, [{ kind: "ServiceAccount", name: "fluent-bit", namespace: "logging" }]);
    assert.deepEqual((binding as { roleRef: unknown }).roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "fluent-bit-read" });
  });

  it("refuses wildcard verbs, resources and API groups, naming the rule", () => {
    assert.throws(
      () => clusterRole([{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }]),
      (e: Error) => e instanceof RbacError && /rules\[0\]\.verbs: wildcard/.test(e.message),
    );
    assert.throws(() => clusterRole([{ apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }]), /rules\[0\]\.apiGroups: wildcard/);
    assert.throws(
      () =>
        clusterRole([
          { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
          { apiGroups: [""], resources: ["*"], verbs: ["get"] },
        ]),
      /rules\[1\]\.resources: wildcard/,
    );
  });

  it("refuses escalate, bind and impersonate", () => {
    for (const verb of ["escalate", "bind", "impersonate"]) {
      assert.throws(
        () => clusterRole([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: [verb] }]),
        new RegExp(`"${verb}" lets the subject exceed its own rights`),
      );
    }
  });

  it("refuses to redefine cluster-admin", () => {
    assert.throws(() => clusterRole([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }], "cluster-admin"), /built-in role names may not be redefined/);
  });

  it("the stack-wide check finds a binding to cluster-admin and a wildcard rule", () => {
    const problems = rbacProblems([
      { kind: "ClusterRoleBinding", metadata: { name: "oops" }, roleRef: { kind: "ClusterRole", name: "cluster-admin" } },
      { kind: "Role", metadata: { name: "wide", namespace: "ecommerce" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "*"] }] },
    ]);
    assert.deepEqual(problems, [
      "ClusterRoleBinding oops: binds cluster-admin",
      'Role ecommerce/wide rules[0].verbs: wildcard ["get","*"]; list exactly what is needed',
    ]);
  });
});
