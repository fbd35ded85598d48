/** The network concern: default-deny plus one allow NetworkPolicy per catalog service. Always on. */
import type { Feature } from "../../core/feature";
import { zeroTrustIssues } from "./checks";
import { Network } from "./component";
import { resolveNetwork, type NetworkFeatureConfig, type ResolvedNetwork } from "./settings";

export const networkFeature: Feature<NetworkFeatureConfig, ResolvedNetwork> = {
  name: "network",
  checks: zeroTrustIssues,
  resolve: resolveNetwork,
  create: (settings, handles, opts) => ({ component: new Network("network", { settings, handles }, opts) }),
};
