/** The audit concern's resolved settings: what decides its outputs. Pure: tested without Pulumi. */
import { platformAwsRegion, type AwsRegionInput } from "../../core/aws-region";
import type { ClusterConfig } from "../../core/config/cluster";
import type { PlatformConfig } from "../../core/config/platform";
import type { AuditConfig } from "./schema";

/** The configuration the audit concern reads: the platform-wide keys, its section and the AWS region. */
export type AuditStackConfig = Pick<PlatformConfig, "features" | "cluster"> & { audit: AuditConfig } & AwsRegionInput;

/** The audit concern as this stack exports it. */
export interface ResolvedAudit {
  /** Cluster flavor (`cluster.flavor`): `eks` adds the control-plane log types and their command, `generic` the API server flags. */
  flavor: ClusterConfig["flavor"];
  /** The cluster's name (the EKS command names it). */
  cluster: string;
  /** The platform's AWS region (the EKS command's `--region`), when the stack uses AWS. */
  region?: string;
  /** The API server's audit log, policy file and rotation (`audit`). */
  apiServer: AuditConfig;
}

/** The audit settings, or undefined when `features.audit` is off. */
export function resolveAudit(c: AuditStackConfig): ResolvedAudit | undefined {
  if (!c.features.audit) return undefined;
  return { flavor: c.cluster.flavor, cluster: c.cluster.name, region: platformAwsRegion(c), apiServer: c.audit };
}
