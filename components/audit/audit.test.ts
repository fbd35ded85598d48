import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EKS_CONTROL_PLANE_LOG_TYPES } from "./eks";
import { auditLevelOf, type AuditRequest } from "./match";
import { auditPolicy } from "./policy";
import { AUDIT_POLICY_FILE, auditPolicyFile, auditPolicyYaml } from "./render";
import { realStacks, runStack } from "../../tests/harness";
import { repoRoot } from "../../platform/offline/stack-file";
import { resourcesOf } from "../../tests/harness/observability";

const policy = auditPolicy();
const human = { user: "alice@shop.example.com", groups: ["system:authenticated", "developers"] };
const level = (r: Partial<AuditRequest> & { verb: string }) => auditLevelOf(policy, { ...human, ...r }).level;
const WRITES = ["create", "update", "patch", "delete", "deletecollection"];
const ALL_VERBS = ["get", "list", "watch", ...WRITES];

describe("audit policy", () => {
  it("is an audit.k8s.io/v1 Policy that omits RequestReceived and ends with a Metadata catch-all", () => {
    assert.equal(policy.apiVersion, "audit.k8s.io/v1");
    assert.equal(policy.kind, "Policy");
    assert.deepEqual(policy.omitStages, ["RequestReceived"]);
    assert.deepEqual(policy.rules.at(-1), { level: "Metadata" });
  });

  it("never logs a Secret, a TokenRequest or a TokenReview beyond Metadata, for any verb or user", () => {
    const users = [
      human,
      { user: "system:serviceaccount:ecommerce:orders-service", groups: ["system:serviceaccounts"] },
      { user: "system:kube-controller-manager", groups: [] },
    ];
    for (const u of users) {
      for (const verb of ALL_VERBS) {
        assert.equal(
          auditLevelOf(policy, { ...u, verb, group: "", resource: "secrets", namespace: "ecommerce" }).level,
          "Metadata",
          `${u.user} ${verb} secrets`,
        );
        assert.equal(
          auditLevelOf(policy, { ...u, verb, group: "", resource: "serviceaccounts/token", namespace: "ecommerce" }).level,
          "Metadata",
          `${u.user} ${verb} token`,
        );
      }
      assert.equal(auditLevelOf(policy, { ...u, verb: "create", group: "authentication.k8s.io", resource: "tokenreviews" }).level, "Metadata");
    }
  });

  it("no rule that could match a Secret is above Metadata unless a Metadata rule for secrets comes first", () => {
    const secretsRule = policy.rules.findIndex((r) => r.resources?.some((g) => g.group === "" && g.resources?.includes("secrets")));
    assert.ok(secretsRule >= 0);
    assert.equal(policy.rules[secretsRule].level, "Metadata");
    // Every earlier rule either drops the request or cannot match secrets.
    for (const r of policy.rules.slice(0, secretsRule)) {
      const couldMatch =
        !r.nonResourceURLs &&
        (!r.resources || r.resources.some((g) => g.group === "" && (!g.resources || g.resources.includes("secrets") || g.resources.includes("*"))));
      assert.ok(r.level === "None" || !couldMatch, `rule ${JSON.stringify(r)} precedes the secrets rule`);
    }
  });

  it("logs exec, attach, port-forward, ephemeral containers and proxies at RequestResponse", () => {
    for (const resource of ["pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers", "pods/proxy", "nodes/proxy", "services/proxy"]) {
      for (const verb of ["create", "get", "patch"])
        assert.equal(level({ verb, group: "", resource, namespace: "ecommerce" }), "RequestResponse", `${verb} ${resource}`);
    }
  });

  it("logs changes to RBAC, ServiceAccounts, namespaces, admission and NetworkPolicies at RequestResponse", () => {
    const targets: Array<[string, string]> = [
      ["rbac.authorization.k8s.io", "roles"],
      ["rbac.authorization.k8s.io", "rolebindings"],
      ["rbac.authorization.k8s.io", "clusterroles"],
      ["rbac.authorization.k8s.io", "clusterrolebindings"],
      ["", "serviceaccounts"],
      ["", "namespaces"],
      ["admissionregistration.k8s.io", "validatingwebhookconfigurations"],
      ["admissionregistration.k8s.io", "mutatingwebhookconfigurations"],
      ["networking.k8s.io", "networkpolicies"],
    ];
    for (const [group, resource] of targets) {
      for (const verb of WRITES) assert.equal(level({ verb, group, resource }), "RequestResponse", `${verb} ${group}/${resource}`);
      assert.equal(level({ verb: "get", group, resource }), "Metadata", `get ${group}/${resource}`);
    }
  });

  it("logs ConfigMap changes with their request body, reads at Metadata", () => {
    for (const verb of WRITES) assert.equal(level({ verb, group: "", resource: "configmaps", namespace: "ecommerce" }), "Request");
    assert.equal(level({ verb: "get", group: "", resource: "configmaps", namespace: "ecommerce" }), "Metadata");
  });

  it("drops read-only control-plane noise, health probes and events, but keeps everything else at Metadata", () => {
    assert.equal(auditLevelOf(policy, { user: "system:kube-proxy", verb: "watch", group: "discovery.k8s.io", resource: "endpointslices" }).level, "None");
    assert.equal(auditLevelOf(policy, { user: "system:node:ip-10-10-0-1", groups: ["system:nodes"], verb: "get", group: "", resource: "nodes" }).level, "None");
    assert.equal(
      auditLevelOf(policy, {
        user: "system:node:ip-10-10-0-1",
        groups: ["system:nodes"],
        verb: "update",
        group: "coordination.k8s.io",
        resource: "leases",
        namespace: "kube-node-lease",
      }).level,
      "None",
    );
    assert.equal(level({ verb: "get", path: "/healthz" }), "None");
    assert.equal(level({ verb: "get", path: "/readyz/etcd" }), "None");
    assert.equal(level({ verb: "create", group: "", resource: "events", namespace: "ecommerce" }), "None");
    // A human reading nodes is not noise; neither is a node writing a pod status.
    assert.equal(level({ verb: "get", group: "", resource: "nodes" }), "Metadata");
    assert.equal(level({ verb: "create", group: "apps", resource: "deployments", namespace: "ecommerce" }), "Metadata");
    assert.equal(level({ verb: "get", path: "/apis" }), "Metadata");
  });

  it("the committed audit/audit-policy.yaml is exactly what the generator writes (npm run audit:policy)", () => {
    const committed = fs.readFileSync(path.join(repoRoot, AUDIT_POLICY_FILE), "utf8");
    assert.equal(committed, auditPolicyFile(), `${AUDIT_POLICY_FILE} is stale: run npm run audit:policy`);
    assert.deepEqual(parse(committed), policy);
  });

  for (const stack of realStacks) {
    it(`${stack}: exports the policy document and the five EKS control-plane log types as stack outputs`, async () => {
      const run = await runStack(stack);
      assert.equal(run.outputs.auditPolicy, auditPolicyYaml());
      assert.deepEqual(parse(run.outputs.auditPolicy as string), policy);
      assert.deepEqual(run.outputs.eksControlPlaneLogTypes, [...EKS_CONTROL_PLANE_LOG_TYPES]);
      assert.ok(run.resources.some((r) => r.type === "ecommerce:security:Audit"));
    });
  }

  it("a generic cluster gets the policy but no EKS log types; features.audit off drops both outputs", async () => {
    const generic = await runStack("staging", { overrides: { cluster: { flavor: "generic" }, features: { awsResources: false } } });
    assert.deepEqual(generic.outputs.eksControlPlaneLogTypes, []);
    assert.equal(generic.outputs.auditPolicy, auditPolicyYaml());
    const off = await runStack("staging", { overrides: { features: { audit: false } } });
    assert.equal(off.outputs.auditPolicy, undefined);
    assert.equal(off.outputs.eksControlPlaneLogTypes, undefined);
    assert.equal(resourcesOf(off, "Audit").length, 0);
    assert.ok(!off.resources.some((r) => r.type === "ecommerce:security:Audit"));
  });
});
