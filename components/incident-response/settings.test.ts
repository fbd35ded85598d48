import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveIncidentResponse } from "./settings";

describe("incident-response settings (resolve)", () => {
  it("binds the default forensics group unless the stack names another", () => {
    assert.deepEqual(resolveIncidentResponse(stackConfigWith("staging")), { forensicsGroup: "security-forensics" });
    assert.deepEqual(resolveIncidentResponse(stackConfigWith("staging", { incidentResponse: { forensicsGroup: "oncall" } })), { forensicsGroup: "oncall" });
  });

  it("is absent when features.incidentResponse is off", () => {
    assert.equal(resolveIncidentResponse(stackConfigWith("staging", { features: { incidentResponse: false } })), undefined);
  });
});
