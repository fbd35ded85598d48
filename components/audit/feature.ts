/**
 * The audit concern: the Kubernetes audit policy, the API server's audit flags (self-managed control planes) and the
 * EKS control-plane log types with their command, as stack outputs; on EKS, the delivery of the audit log group into
 * the log store (an IRSA role reading only that group and a one-replica Filebeat in the concern's own namespace).
 */
import type { Feature } from "../../core/feature";
import type { SecretCredential } from "../../core/secret-credentials";
import { auditIssues } from "./checks";
import { Audit } from "./component";
import { auditSchema } from "./schema";
import { resolveAudit, type AuditStackConfig, type ResolvedAudit } from "./settings";

export const auditFeature: Feature<AuditStackConfig<SecretCredential>, ResolvedAudit> & {
  readonly sections: { audit: typeof auditSchema };
} = {
  name: "audit",
  switches: {
    audit: {
      description: "Audit policy, API server audit flags and EKS log types, as outputs; on EKS, the audit log delivered into the log store.",
      default: true,
    },
  },
  sections: { audit: auditSchema },
  checks: auditIssues,
  resolve: resolveAudit,
  namespaces: (settings) => (settings.eksShipper ? [{ name: settings.eksShipper.namespace, purpose: "The EKS audit log shipper (Filebeat), alone" }] : []),
  images: (settings) => (settings.eksShipper ? [settings.eksShipper.image] : []),
  create: (settings, handles, opts) => {
    const component = new Audit("audit", { settings, handles }, opts);
    return {
      component,
      outputs: {
        auditPolicy: component.policyYaml,
        eksControlPlaneLogTypes: component.eksLogTypes,
        // Left out where they do not apply (an undefined output is dropped): flags on EKS, the command elsewhere.
        auditApiServerFlags: settings.flavor === "eks" ? undefined : component.apiServerFlags,
        eksControlPlaneLoggingCommand: settings.flavor === "eks" ? component.eksLoggingCommand : undefined,
        eksAuditShipperRoleArn: component.eksShipperRoleArn,
      },
    };
  },
};
