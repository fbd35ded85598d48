import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveAudit } from "./settings";

describe("audit settings (resolve)", () => {
  it("takes the cluster flavor (EKS log types or API server flags), the cluster, its region and the document's audit file settings", () => {
    const staging = resolveAudit(stackConfigWith("staging"))!;
    assert.deepEqual([staging.flavor, staging.cluster, staging.region], ["eks", "ecommerce-staging", "eu-west-1"]);
    assert.deepEqual(staging.apiServer, {
      logPath: "/var/log/kubernetes/audit.log",
      policyFile: "/etc/kubernetes/audit-policy.yaml",
      maxAgeDays: 30,
      maxBackups: 10,
      maxSizeMegabytes: 100,
    });
    assert.equal(resolveAudit(stackConfigWith("e2e"))!.flavor, "generic");
  });

  it("is absent when features.audit is off", () => {
    assert.equal(resolveAudit(stackConfigWith("staging", { features: { audit: false } })), undefined);
  });
});
