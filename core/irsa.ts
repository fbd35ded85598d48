/** IAM Roles for Service Accounts: the trust policy that lets exactly one Kubernetes service account assume a role. */
import type { ConfigIssue } from "./config/errors";

/**
 * The configuration problem of a concern that needs IRSA roles on a cluster that is not EKS (backup and AWS Secrets
 * Manager both do; the platform reports the issue once).
 */
export function irsaNeedsEksIssues(cluster: { flavor: string }): ConfigIssue[] {
  return cluster.flavor === "eks"
    ? []
    : [{ key: "cluster.flavor", message: "IRSA needs an EKS cluster: set cluster.flavor to eks, or turn off features.awsResources" }];
}

/** The OIDC issuer host path (`oidc.eks.<region>.amazonaws.com/id/<ID>`) of an IAM OIDC provider ARN. */
export function oidcIssuerOf(oidcProviderArn: string): string {
  const i = oidcProviderArn.indexOf(":oidc-provider/");
  if (i < 0) throw new Error(`not an IAM OIDC provider ARN: ${oidcProviderArn}`);
  return oidcProviderArn.slice(i + ":oidc-provider/".length);
}

/**
 * Trust policy for `sts:AssumeRoleWithWebIdentity` scoped to one service account (`sub`) and the STS audience (`aud`),
 * so no other pod in the cluster can assume the role.
 */
export function irsaTrustPolicy(oidcProviderArn: string, namespace: string, serviceAccount: string) {
  const issuer = oidcIssuerOf(oidcProviderArn);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}
