/**
 * Audit: the Kubernetes audit policy as a stack output (the same document as audit/audit-policy.yaml); for a
 * self-managed control plane the kube-apiserver audit flags; on EKS the control-plane log types to enable and the one
 * command that enables them. It creates no cluster object: the policy and flags are kube-apiserver's, and on EKS the
 * control plane is owned by the cluster stack. docs/audit.md says where each goes.
 */
import * as pulumi from "@pulumi/pulumi";
import { apiServerAuditFlags } from "./apiserver";
import { eksControlPlaneLogTypes, eksLoggingCommand } from "./eks";
import { auditPolicyYaml } from "./render";
import type { ResolvedAudit } from "./settings";

/** Arguments of {@link Audit}: the resolved audit settings (it creates no object, so it needs no handle). */
export interface AuditArgs {
  /** Resolved settings: the cluster flavor, its name and region, the API server's audit file settings. */
  settings: ResolvedAudit;
}

/** The audit policy, the API server flags and the EKS log types, as outputs. */
export class Audit extends pulumi.ComponentResource {
  /** The audit policy document (YAML) for `kube-apiserver --audit-policy-file`. */
  readonly policyYaml: pulumi.Output<string>;
  /** EKS control-plane log types to enable (empty on other flavors). */
  readonly eksLogTypes: pulumi.Output<string[]>;
  /** The kube-apiserver audit flags (self-managed control planes; undefined on EKS). */
  readonly apiServerFlags: pulumi.Output<string[] | undefined>;
  /** The command enabling the EKS control-plane log types (undefined elsewhere). */
  readonly eksLoggingCommand: pulumi.Output<string | undefined>;

  constructor(name: string, { settings }: AuditArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Audit", name, {}, opts);
    const eks = settings.flavor === "eks";
    this.policyYaml = pulumi.output(auditPolicyYaml());
    this.eksLogTypes = pulumi.output(eksControlPlaneLogTypes(settings.flavor));
    this.apiServerFlags = pulumi.output(eks ? undefined : apiServerAuditFlags(settings.apiServer));
    this.eksLoggingCommand = pulumi.output(eks ? eksLoggingCommand(settings.cluster, settings.region ?? "$AWS_REGION") : undefined);
    this.registerOutputs({
      policyYaml: this.policyYaml,
      eksLogTypes: this.eksLogTypes,
      apiServerFlags: this.apiServerFlags,
      eksLoggingCommand: this.eksLoggingCommand,
    });
  }
}
