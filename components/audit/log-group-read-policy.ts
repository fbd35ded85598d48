/**
 * What the EKS audit shipper's IRSA role may do: read the events of the cluster's control-plane log group, nothing
 * else. Filebeat's `aws-cloudwatch` input, given one log group by ARN, calls only `logs:FilterLogEvents` (it lists log
 * groups with DescribeLogGroups only for `log_group_name_prefix`, which the shipper does not use), so that is the one
 * action granted. Pure: tested without Pulumi.
 */
import type { PolicyDocument } from "../../core/encrypted-bucket-policy";

/** The only action the shipper's role is granted. */
export const AUDIT_LOG_READ_ACTIONS = ["logs:FilterLogEvents"] as const;

/**
 * The role's permissions policy on one log group (its ARN without `:*`). IAM documents both forms of a log group's ARN
 * (with `:*`, as DescribeLogGroups returns it, and without); both are listed, and a log group name cannot contain `:`,
 * so `<arn>:*` matches nothing outside this group.
 */
export function auditLogReadPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadControlPlaneAuditLog", Effect: "Allow", Action: [...AUDIT_LOG_READ_ACTIONS], Resource: [logGroupArn, `${logGroupArn}:*`] }],
  };
}
