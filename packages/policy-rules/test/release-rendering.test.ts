// The configuration of the pack's Helm rendering (policy helm-release-rendered): defaults, and errors that name the
// key, what was wrong and what is allowed, whether the pack reads it or policy:check and the plan validate a file.
import { strict as assert } from "node:assert";
import { ALL_RULES, configureRules, DEFAULT_RELEASE_RENDERING, parseReleaseRendering, PolicyConfigError, ReleaseRenderingConfigError } from "../src";

describe("policy-rules: the Helm rendering configuration", () => {
  it("renders when it can by default, with helm's own Kubernetes version and no mirror", () => {
    assert.deepEqual(DEFAULT_RELEASE_RENDERING, { helmRender: "auto", repositoryMirrors: {}, apiVersions: [] });
    assert.deepEqual(parseReleaseRendering({ helmRender: "required", chartsDir: "/srv/charts", kubeVersion: "1.34.0" }), {
      helmRender: "required",
      chartsDir: "/srv/charts",
      kubeVersion: "1.34.0",
      repositoryMirrors: {},
      apiVersions: [],
    });
  });

  it("names each bad key with what is allowed", () => {
    assert.throws(
      () =>
        parseReleaseRendering({ helmRender: "always", chartsDir: "../shared/charts", repositoryMirrors: { "https://charts.jetstack.io": "mirror" }, chart: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof ReleaseRenderingConfigError);
        assert.match(e.message, /helm-release-rendered\.helmRender: must be one of auto, required, off \(got "always"\)/);
        assert.match(e.message, /helm-release-rendered\.chartsDir: must be an absolute path .* \(got "\.\.\/shared\/charts"\)/);
        assert.match(e.message, /helm-release-rendered\.repositoryMirrors\.https:\/\/charts\.jetstack\.io: must be the mirror's chart repository URL/);
        assert.match(
          e.message,
          /helm-release-rendered: Unrecognized key: "chart"; known keys: helmRender, chartsDir, repositoryMirrors, cacheDir, kubeVersion, apiVersions/,
        );
        return true;
      },
    );
  });

  it("is accepted and validated in a pack configuration file beside the rules' entries", () => {
    assert.equal(
      configureRules(ALL_RULES, { "helm-release-rendered": { helmRender: "off" }, "helm-release-not-rendered": "disabled" }).length,
      ALL_RULES.length,
    );
    assert.throws(
      () => configureRules(ALL_RULES, { "helm-release-rendered": { helmRender: "sometimes" }, "helm-release-not-rendered": { chartsDir: "/x" } }),
      (e: unknown) =>
        e instanceof PolicyConfigError &&
        /helm-release-rendered\.helmRender: must be one of auto, required, off/.test(e.message) &&
        /helm-release-not-rendered\.chartsDir: unknown key; this policy takes only enforcementLevel/.test(e.message),
    );
  });
});
