/** The RBAC concern: an identity and a least-privilege Role per catalog service. Always on. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Rbac } from "./component";

export const rbacFeature: Feature<StackConfig, StackConfig> = {
  name: "rbac",
  resolve: (config: StackConfig) => config,
  create: (config, handles, opts) => ({ component: new Rbac("rbac", { ctx: legacyContext(config, handles) }, opts) }),
};
