// The e2e's stack variant (tools/e2e/lib/unrestricted-chart.ts) is the e2e stack's own Reloader release with exactly one
// values override removed, the one that keeps its pods restricted: what the real engine then refuses is that removal.
import { strict as assert } from "node:assert";
import { plannedReleases } from "../../platform/offline/helm-releases";
import { mandatoryFindings, REMOVED_OVERRIDE, UNRESTRICTED_NAMESPACE, UNRESTRICTED_RELEASE, unrestrictedVariant } from "../../tools/e2e/lib/unrestricted-chart";
import { runStack } from "../harness";

describe("e2e: the release whose values lose their restricted override", () => {
  it("is the e2e stack's Reloader from the same package, with its values less the container securityContext, in its own namespace", async () => {
    const planned = plannedReleases((await runStack("e2e")).resources).find((r) => r.release === UNRESTRICTED_RELEASE);
    assert.ok(planned, "the e2e stack installs no Reloader");
    const variant = unrestrictedVariant(planned);
    assert.equal(variant.release, planned.release);
    assert.equal(variant.version, planned.version);
    assert.match(variant.chart, /\/shared\/charts\/reloader-[0-9.]+\.tgz$/);
    assert.equal(variant.namespace, UNRESTRICTED_NAMESPACE);

    type Values = { reloader: { namespaces: string[]; deployment: Record<string, unknown> } };
    const original = planned.values as Values;
    const changed = variant.values as Values;
    assert.deepEqual(REMOVED_OVERRIDE, ["reloader", "deployment", "containerSecurityContext"]);
    // The override the stack sets keeps the container restricted; the variant has none, so the chart's default ({}) applies.
    assert.deepEqual(original.reloader.deployment.containerSecurityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65534,
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal("containerSecurityContext" in changed.reloader.deployment, false);
    // Everything else is the stack's, Reloader only watching the variant's own namespace.
    const { containerSecurityContext: _removed, ...deployment } = original.reloader.deployment;
    assert.deepEqual(changed, { ...original, reloader: { ...original.reloader, namespaces: [UNRESTRICTED_NAMESPACE], deployment } });
  });

  it("the preview's refusal is read from the mandatory findings only: an advisory naming the same workload does not count", () => {
    const output = [
      "Policies:",
      "    ❌ ecommerce-security@v0.1.0 (local: /work/main/policy)",
      "        - [mandatory] [severity: high]  pss-restricted  (kubernetes:helm.sh/v3:Release: reloader)",
      "          Pods meet the controls the Pod Security Standard restricted adds.",
      "          reloader/Deployment/reloader-reloader: allowPrivilegeEscalation != false (container ...)",
      "        - [advisory] [severity: low]  image-digest-pinned  (kubernetes:helm.sh/v3:Release: reloader)",
      "          reloader/Deployment/reloader-reloader: container image is not pinned by digest",
      "Resources:",
      "    + 2 to create",
    ].join("\n");
    const found = mandatoryFindings(output);
    assert.deepEqual(
      found.map((f) => f.rule),
      ["pss-restricted"],
    );
    assert.match(found[0].text, /reloader\/Deployment\/reloader-reloader: allowPrivilegeEscalation != false/);
    assert.deepEqual(mandatoryFindings(output.replace("[mandatory]", "[advisory]")), []);
  });
});
