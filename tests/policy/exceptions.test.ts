// The CrossGuard pack honours reviewed exceptions the way the offline report does: the covered object of that rule is
// not reported at preview, every other object and rule still is.
import { strict as assert } from "node:assert";
import { reportedBy } from "../../cli/pack-engine";
import { resources } from "./builders";

const readsEverySecret = (name: string) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name },
  rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list", "watch"] }],
});
const exceptions = [{ resource: "ClusterRole cert-manager-controller", reason: "cert-manager reads the Secrets of the Certificates it issues" }];

describe("CrossGuard pack: reviewed exceptions", () => {
  it("does not report the excepted object, and reports the same breach by another object", async () => {
    const set = resources(readsEverySecret("cert-manager-controller"), readsEverySecret("intruder"));
    const reported = await reportedBy("rbac-no-secret-list-watch", set, { exceptions });
    assert.equal(reported.length, 1);
    assert.match(reported[0].resource ?? "", /intruder/);
    assert.equal((await reportedBy("rbac-no-secret-list-watch", set)).length, 2);
  });

  it("refuses an exception without a reason", async () => {
    await assert.rejects(
      reportedBy("rbac-no-secret-list-watch", resources(readsEverySecret("x")), { exceptions: [{ resource: "ClusterRole x" }] }),
      /rbac-no-secret-list-watch\.exceptions\.0\.reason/,
    );
  });
});
