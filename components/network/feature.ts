/** The network concern: default-deny plus one allow NetworkPolicy per catalog service. Always on. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { zeroTrustIssues } from "./checks";
import { Network } from "./component";

export const networkFeature: Feature<StackConfig, StackConfig> = {
  name: "network",
  checks: zeroTrustIssues,
  resolve: (config: StackConfig) => config,
  create: (config, handles, opts) => ({ component: new Network("network", { ctx: legacyContext(config, handles) }, opts) }),
};
