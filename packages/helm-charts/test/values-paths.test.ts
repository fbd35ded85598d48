// A values path the chart does not know is reported (helm would ignore it silently); known paths, schema-declared
// paths and paths inside a declared pass-through map are accepted; an unused pass-through declaration is reported.
import { strict as assert } from "node:assert";
import { checkValuesPaths, valuesLeafPaths, type ChartValuesDefinition } from "../src";

const chart: ChartValuesDefinition = {
  defaults: { image: { repository: "quay.io/x", tag: "" }, securityContext: {}, rbac: { create: true }, extraArgs: [] },
  schema: {
    type: "object",
    properties: {
      webhook: { $ref: "#/definitions/webhook" },
      podLabels: { type: "object", additionalProperties: { type: "string" } },
    },
    definitions: { webhook: { type: "object", properties: { timeoutSeconds: { type: "integer" } } } },
  },
};

describe("values paths against the chart", () => {
  it("lists leaves: scalars, lists and empty maps", () => {
    assert.deepEqual(valuesLeafPaths({ a: { b: 1, c: [1] }, d: {} }), [["a", "b"], ["a", "c"], ["d"]]);
  });

  it("accepts paths of values.yaml, of the schema (through $ref and typed additionalProperties) and lists", () => {
    const values = { image: { tag: "v1" }, rbac: { create: false }, extraArgs: ["--x"], webhook: { timeoutSeconds: 5 }, podLabels: { team: "a" } };
    assert.deepEqual(checkValuesPaths(values, chart, {}), { unknown: [], unusedPassThrough: [] });
  });

  it("reports a misspelt key with the part the chart knows", () => {
    const result = checkValuesPaths({ rbac: { craete: false }, imgae: { tag: "v1" } }, chart, {});
    assert.deepEqual(result.unknown, [
      { path: "rbac.craete", knownPrefix: "rbac" },
      { path: "imgae.tag", knownPrefix: "" },
    ]);
  });

  it("requires keys inside a map the chart passes through whole to be declared, and accepts them once declared", () => {
    const values = { securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } };
    assert.deepEqual(
      checkValuesPaths(values, chart, {}).unknown.map((u) => u.path),
      ["securityContext.runAsNonRoot", "securityContext.capabilities.drop"],
    );
    assert.deepEqual(checkValuesPaths(values, chart, { securityContext: "copied into the container spec" }), { unknown: [], unusedPassThrough: [] });
  });

  it("reports a pass-through declaration nothing uses, or naming a map the chart lacks", () => {
    const result = checkValuesPaths({ image: { tag: "v1" }, extra: { x: 1 } }, chart, { securityContext: "copied", extra: "not in the chart" });
    assert.deepEqual(result.unusedPassThrough, ["securityContext", "extra"]);
    assert.deepEqual(
      result.unknown.map((u) => u.path),
      ["extra.x"],
    );
  });
});
