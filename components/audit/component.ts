/**
 * Audit: the Kubernetes audit policy as a stack output (the same document as audit/audit-policy.yaml) and, on EKS,
 * the control-plane log types to enable. It creates no cluster object: the policy is a kube-apiserver flag, and on
 * EKS the control plane (owned by the cluster stack) takes only the log types.
 */
import * as pulumi from "@pulumi/pulumi";
import { eksControlPlaneLogTypes } from "./eks";
import { auditPolicyYaml } from "./render";
import type { ResolvedAudit } from "./settings";

/** Arguments of {@link Audit}: the resolved audit settings (it creates no object, so it needs no handle). */
export interface AuditArgs {
  /** Resolved settings: the cluster flavor deciding the EKS log types. */
  settings: ResolvedAudit;
}

/** The audit policy and the EKS log types, as outputs. */
export class Audit extends pulumi.ComponentResource {
  /** The audit policy document (YAML) for `kube-apiserver --audit-policy-file`. */
  readonly policyYaml: pulumi.Output<string>;
  /** EKS control-plane log types to enable (empty on other flavors). */
  readonly eksLogTypes: pulumi.Output<string[]>;

  constructor(name: string, { settings }: AuditArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Audit", name, {}, opts);
    this.policyYaml = pulumi.output(auditPolicyYaml());
    this.eksLogTypes = pulumi.output(eksControlPlaneLogTypes(settings.flavor));
    this.registerOutputs({ policyYaml: this.policyYaml, eksLogTypes: this.eksLogTypes });
  }
}
