import { strict as assert } from "node:assert";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { objectsOfKind, realStacks, resourceOfObject, runStack } from "../harness";
import { validateObjects } from "../harness/schema-validation";

describe("the program under mocks, per real stack", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("registers a Platform whose children all have a parent", async () => {
        const run = await runStack(stack);
        assert.ok(run.resources.some((r) => r.type === "ecommerce:security:Platform"));
        const orphans = run.resources.filter((r) => r.type !== "ecommerce:security:Platform" && !r.parent);
        assert.deepEqual(
          orphans.map((r) => `${r.type}::${r.name}`),
          [],
        );
      });

      it("every rendered Kubernetes object is valid against the upstream schemas", async () => {
        const run = await runStack(stack);
        const objects = kubernetesObjects(run.resources);
        assert.ok(objects.length > 0);
        const problems = await validateObjects(objects);
        assert.deepEqual(problems, [], problems.map((p) => `${p.object}: ${p.message}`).join("\n"));
      });

      it("every declared namespace carries Pod Security labels and a default-deny policy", async () => {
        const run = await runStack(stack);
        for (const ns of objectsOfKind(run, "Namespace")) {
          const labels = ns.metadata.labels ?? {};
          for (const mode of ["enforce", "audit", "warn"]) {
            assert.ok(labels[`pod-security.kubernetes.io/${mode}`], `${ns.metadata.name} lacks ${mode}`);
            assert.ok(labels[`pod-security.kubernetes.io/${mode}-version`], `${ns.metadata.name} lacks ${mode}-version`);
          }
          const deny = objectsOfKind(run, "NetworkPolicy", ns.metadata.name).find((p) => p.metadata.name === "default-deny-all");
          assert.ok(deny, `${ns.metadata.name} has no default-deny-all`);
          assert.deepEqual((deny.spec as { policyTypes: string[] }).policyTypes, ["Ingress", "Egress"]);
        }
      });

      it("a namespace below restricted records why", async () => {
        const run = await runStack(stack);
        for (const ns of objectsOfKind(run, "Namespace")) {
          const level = ns.metadata.labels?.["pod-security.kubernetes.io/enforce"];
          if (level !== "restricted") {
            assert.ok(ns.metadata.annotations?.["ecommerce.example.com/pod-security-reason"], `${ns.metadata.name} is ${level} without a reason`);
          }
        }
      });
    });
  }

  it("production protects the data namespace, staging does not (its data stores are in the document's e-commerce)", async () => {
    const prod = await runStack("production");
    const staging = await runStack("staging");
    assert.equal(resourceOfObject(prod, "Namespace", "ecommerce-data").protect, true);
    assert.equal(resourceOfObject(staging, "Namespace", "e-commerce").protect, false);
  });

  it("schema validation reports an invalid object with its field path", async () => {
    const problems = await validateObjects([
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "x", namespace: "y" },
        spec: { podSelector: {}, policyTypes: ["Sideways"] },
      },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /spec\.policyTypes\.0: must be equal to one of the allowed values/);
  });

  it("schema validation refuses a kind it has no schema for", async () => {
    const problems = await validateObjects([{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }]);
    assert.match(problems[0].message, /no schema known for example\.com\/v1 Widget/);
  });
});
