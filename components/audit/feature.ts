/**
 * The audit concern: the Kubernetes audit policy, the API server's audit flags (self-managed control planes) and the
 * EKS control-plane log types with their command, as stack outputs.
 */
import type { PlatformConfig } from "../../core/config/platform";
import type { Feature } from "../../core/feature";
import { auditIssues } from "./checks";
import { Audit } from "./component";
import { auditSchema } from "./schema";
import { resolveAudit, type AuditStackConfig, type ResolvedAudit } from "./settings";

export const auditFeature: Feature<PlatformConfig & AuditStackConfig, ResolvedAudit> & {
  readonly sections: { audit: typeof auditSchema };
} = {
  name: "audit",
  switches: { audit: { description: "Audit policy, API server audit flags and EKS log types, as outputs.", default: true } },
  sections: { audit: auditSchema },
  checks: auditIssues,
  resolve: resolveAudit,
  create: (settings, _handles, opts) => {
    const component = new Audit("audit", { settings }, opts);
    return {
      component,
      outputs: {
        auditPolicy: component.policyYaml,
        eksControlPlaneLogTypes: component.eksLogTypes,
        // Left out where they do not apply (an undefined output is dropped): flags on EKS, the command elsewhere.
        auditApiServerFlags: settings.flavor === "eks" ? undefined : component.apiServerFlags,
        eksControlPlaneLoggingCommand: settings.flavor === "eks" ? component.eksLoggingCommand : undefined,
      },
    };
  },
};
