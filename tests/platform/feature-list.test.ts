// Adding a concern is one folder and one line in platform/features.ts: a small concern declared here, added to the
// program's list, gets its config section, its switch, its namespace with its Pod Security need, and its component.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { createObject } from "../../core/kubernetes-object";
import { dnsLabel } from "../../core/config/primitives";
import type { PlatformConfig } from "../../core/config/platform";
import type { Feature } from "../../core/feature";
import { parseStackConfig } from "../../platform/config/parse";
import { features } from "../../platform/features";
import { withOverrides } from "../../platform/offline/mock-runtime";
import { resolveStack } from "../../platform/resolve";
import { configErrorOf } from "../harness/config";
import { objectNamed, readStackFile, runStack } from "../harness";

/** The section of the made-up concern: canary tokens planted where an intruder would look. */
const canaryTokensSchema = z
  .strictObject({
    /** Namespace of the token watcher. */
    namespace: dnsLabel.default("canary"),
    /** Watch the nodes too (a host agent: needs hostPath, so a privileged namespace). */
    hostAgent: z.boolean().default(false),
  })
  .prefault({});

type CanaryConfig = PlatformConfig<unknown> & { canaryTokens: z.infer<typeof canaryTokensSchema> };
interface CanarySettings {
  namespace: string;
  hostAgent: boolean;
}

class CanaryTokens extends pulumi.ComponentResource {
  constructor(settings: CanarySettings, opts: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:CanaryTokens", "canary-tokens", {}, opts);
    createObject(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "canary-tokens", namespace: settings.namespace }, data: { tokens: "[]" } },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

const canaryTokensFeature: Feature<CanaryConfig, CanarySettings> = {
  name: "canary-tokens",
  switches: { canaryTokens: { description: "Canary tokens and their watcher.", default: true } },
  sections: { canaryTokens: canaryTokensSchema },
  resolve: (c) => (c.features.canaryTokens ? { ...c.canaryTokens } : undefined),
  namespaces: (s) => [
    {
      name: s.namespace,
      purpose: "canary token watcher",
      podSecurityNeed: s.hostAgent ? { level: "privileged", reason: "canaryTokens.hostAgent is on: the agent reads node files through hostPath" } : undefined,
    },
  ],
  create: (settings, _handles, opts) => ({ component: new CanaryTokens(settings, opts) }),
};

const withCanary = [...features, canaryTokensFeature];
const staging = (overrides: Record<string, unknown> = {}) => withOverrides(readStackFile("staging"), overrides);

describe("adding a concern to the feature list", () => {
  it("its config section is accepted with its defaults, and unknown without the concern", () => {
    const config = parseStackConfig(staging({ canaryTokens: { hostAgent: false } }), { features: withCanary }) as unknown as CanaryConfig;
    assert.deepEqual(config.canaryTokens, { namespace: "canary", hostAgent: false });
    assert.equal(config.features.canaryTokens, true);
    const err = configErrorOf(() => parseStackConfig(staging({ canaryTokens: { hostAgent: false } })));
    assert.match(err.message, /ecommerce-security:canaryTokens: unknown key/);
  });

  it("its namespace is declared at restricted, and at the level it needs with the reason when it needs more", () => {
    const plain = resolveStack(parseStackConfig(staging(), { features: withCanary }), withCanary).namespaces.find((n) => n.name === "canary");
    assert.deepEqual([plain?.level, plain?.reason], ["restricted", undefined]);
    const agent = resolveStack(parseStackConfig(staging({ canaryTokens: { hostAgent: true } }), { features: withCanary }), withCanary).namespaces;
    const canary = agent.find((n) => n.name === "canary");
    assert.equal(canary?.level, "privileged");
    assert.match(canary?.reason ?? "", /canaryTokens\.hostAgent is on/);
  });

  it("an explicit level stricter than its need is refused, naming the need", () => {
    const err = configErrorOf(() =>
      parseStackConfig(staging({ canaryTokens: { hostAgent: true }, podSecurity: { namespaces: { canary: { level: "restricted" } } } }), {
        features: withCanary,
      }),
    );
    assert.match(err.message, /podSecurity\.namespaces\.canary\.level: is stricter than namespace canary needs \(privileged\)/);
  });

  it("its switch off removes its namespace", () => {
    const off = resolveStack(parseStackConfig(staging({ features: { canaryTokens: false } }), { features: withCanary }), withCanary);
    assert.equal(
      off.namespaces.some((n) => n.name === "canary"),
      false,
    );
    assert.equal(
      off.present.some((p) => p.feature.name === "canary-tokens"),
      false,
    );
  });

  it("the platform creates its component under the Platform and its objects in its namespace", async () => {
    const run = await runStack("staging", { features: withCanary });
    const component = run.resources.find((r) => r.type === "ecommerce:security:CanaryTokens");
    assert.deepEqual(component?.parent, { type: "ecommerce:security:Platform", name: "ecommerce" });
    objectNamed(run, "Namespace", "canary");
    objectNamed(run, "ConfigMap", "canary-tokens", "canary");
  });
});
