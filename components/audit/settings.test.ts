import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveAudit } from "./settings";

describe("audit settings (resolve)", () => {
  it("takes the cluster flavor, which decides the EKS log types", () => {
    assert.deepEqual(resolveAudit(stackConfigWith("staging")), { flavor: "eks" });
    assert.deepEqual(resolveAudit(stackConfigWith("e2e")), { flavor: "generic" });
  });

  it("is absent when features.audit is off", () => {
    assert.equal(resolveAudit(stackConfigWith("staging", { features: { audit: false } })), undefined);
  });
});
