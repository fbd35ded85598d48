/** The audit concern: the Kubernetes audit policy and the EKS control-plane log types, as stack outputs. */
import type { PlatformConfig } from "../../core/config/platform";
import type { Feature } from "../../core/feature";
import { Audit } from "./component";
import { resolveAudit, type ResolvedAudit } from "./settings";

export const auditFeature: Feature<PlatformConfig, ResolvedAudit> = {
  name: "audit",
  switches: { audit: { description: "Audit policy output.", default: true } },
  resolve: resolveAudit,
  create: (settings, _handles, opts) => {
    const component = new Audit("audit", { settings }, opts);
    return { component, outputs: { auditPolicy: component.policyYaml, eksControlPlaneLogTypes: component.eksLogTypes } };
  },
};
