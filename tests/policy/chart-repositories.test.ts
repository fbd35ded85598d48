// The pack's default chart-repository allow-list is written out in the rules package (it depends on nothing of the
// program); it must be exactly the repositories of the charts the program pins, or a release would be refused (a
// repository missing) or the list would admit one the program never uses (a repository left over).
import { strict as assert } from "node:assert";
import { DEFAULT_ALLOWED_REPOSITORIES } from "@ecommerce-security/policy-rules";
import { chartPins } from "../../core/charts";

describe("the pack's default chart repositories", () => {
  it("are exactly the repositories of the pinned charts", () => {
    const pinned = [...new Set(Object.values(chartPins).map((pin) => pin.repository))].sort();
    assert.deepEqual([...DEFAULT_ALLOWED_REPOSITORIES].sort(), pinned);
  });
});
