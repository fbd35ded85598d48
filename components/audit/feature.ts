/** The audit concern: the Kubernetes audit policy and the EKS control-plane log types, as stack outputs. */
import type { Feature } from "../../core/feature";
import type { LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Audit } from "./component";

export const auditFeature: Feature<StackConfig, { flavor: "eks" | "generic" }> = {
  name: "audit",
  switches: { audit: { description: "Audit policy output.", default: true } },
  resolve: (c: StackConfig) => (c.features.audit ? { flavor: c.cluster.flavor } : undefined),
  create: (settings, _handles, opts) => {
    const component = new Audit("audit", settings, opts);
    return { component, outputs: { auditPolicy: component.policyYaml, eksControlPlaneLogTypes: component.eksLogTypes } };
  },
};
