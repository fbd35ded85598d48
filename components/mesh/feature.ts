/** The mesh concern: Istio mTLS (STRICT), DestinationRules and AuthorizationPolicies derived from the catalog. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Mesh } from "./component";

export const meshFeature: Feature<StackConfig, StackConfig> = {
  name: "mesh",
  switches: {
    mesh: { description: "Istio mTLS: PeerAuthentication STRICT, DestinationRules, AuthorizationPolicies, sidecar injection labels.", default: true },
  },
  resolve: (config: StackConfig) => (config.features.mesh ? config : undefined),
  create: (config, handles, opts) => ({ component: new Mesh("mesh", { ctx: legacyContext(config, handles) }, opts) }),
};
