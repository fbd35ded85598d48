// Reviewed exceptions: a finding an exception covers is moved apart with its reason, nothing else is, an exception
// covering nothing is stale, and a malformed exception is a configuration error naming the rule and the key.
import { strict as assert } from "node:assert";
import { evaluatePolicies, fromManifest, markdownReport, ALL_RULES, PolicyConfigError, runPolicies } from "../src";

const secretsReader = (name: string) =>
  fromManifest({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name },
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
  });

const REASON = "cert-manager reads the Secrets of Certificates it issues in every namespace";

describe("reviewed exceptions", () => {
  it("moves the covered finding apart with its reason and leaves the same breach by another object standing", () => {
    const config = { "rbac-no-secret-list-watch": { exceptions: [{ resource: "ClusterRole cert-manager-controller", reason: REASON }] } };
    const result = evaluatePolicies([secretsReader("cert-manager-controller"), secretsReader("intruder")], { only: ["rbac"], config });
    const standing = result.findings.filter((f) => f.policy === "rbac-no-secret-list-watch");
    assert.deepEqual(
      standing.map((f) => f.resource.name),
      ["intruder"],
    );
    assert.equal(result.excepted.length, 1);
    assert.equal(result.excepted[0].resource.name, "cert-manager-controller");
    assert.equal(result.excepted[0].reason, REASON);
    assert.deepEqual(result.stale, []);
    // Without the exception, the same object is a mandatory finding.
    const without = runPolicies([secretsReader("cert-manager-controller")], { only: ["rbac"] });
    assert.ok(without.some((f) => f.policy === "rbac-no-secret-list-watch" && f.enforcementLevel === "mandatory"));
  });

  it("covers one rule only: the same object still answers to the other rules", () => {
    const wildcard = fromManifest({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "operator" },
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }],
    });
    const config = { "rbac-no-secret-list-watch": { exceptions: [{ resource: "ClusterRole operator", reason: REASON }] } };
    const result = evaluatePolicies([wildcard], { only: ["rbac"], config });
    assert.ok(result.findings.some((f) => f.policy === "rbac-no-wildcards"));
    assert.ok(!result.findings.some((f) => f.policy === "rbac-no-secret-list-watch"));
  });

  it("reports an exception that covers nothing as stale", () => {
    const config = { "rbac-no-secret-list-watch": { exceptions: [{ resource: "ClusterRole gone", reason: REASON }] } };
    const result = evaluatePolicies([secretsReader("other")], { only: ["rbac"], config });
    assert.deepEqual(result.stale, [{ policy: "rbac-no-secret-list-watch", resource: "ClusterRole gone", reason: REASON }]);
  });

  it("refuses an exception without a reason or with a malformed resource, naming the rule and key", () => {
    const config = { "rbac-no-secret-list-watch": { exceptions: [{ resource: "cert-manager", reason: "ok" }] } };
    assert.throws(
      () => evaluatePolicies([], { config }),
      (e: unknown) =>
        e instanceof PolicyConfigError &&
        e.problems.some((p) => p.startsWith("rbac-no-secret-list-watch.exceptions.0.resource: must be '<Kind> <namespace>/<name>'")) &&
        e.problems.some((p) => p.startsWith("rbac-no-secret-list-watch.exceptions.0.reason: must say why")),
    );
  });

  it("shows each exception used, with its reason, and each stale one in the Markdown report", () => {
    const config = {
      "rbac-no-secret-list-watch": {
        exceptions: [
          { resource: "ClusterRole cert-manager-controller", reason: REASON },
          { resource: "ClusterRole gone", reason: "was needed by a release that is no longer installed" },
        ],
      },
    };
    const result = evaluatePolicies([secretsReader("cert-manager-controller")], { config });
    const md = markdownReport("report", result.findings, ALL_RULES, 1, result);
    assert.match(md, /## Reviewed exceptions[\s\S]*ClusterRole cert-manager-controller[\s\S]*cert-manager reads the Secrets/);
    assert.match(md, /## Stale exceptions[\s\S]*ClusterRole gone/);
  });
});
