/** The RBAC concern: an identity and a least-privilege Role per catalog service. Always on. */
import type { Feature } from "../../core/feature";
import { Rbac } from "./component";
import { resolveRbac, type RbacConfig, type ResolvedRbac } from "./settings";

export const rbacFeature: Feature<RbacConfig, ResolvedRbac> = {
  name: "rbac",
  resolve: resolveRbac,
  create: (settings, handles, opts) => ({ component: new Rbac("rbac", { settings, handles }, opts) }),
};
