/**
 * Who administers the platform's KMS keys: `cluster.kmsKeyAdministrators`, and always the identity running the update
 * (the role behind its session), since AWS refuses a key policy that would lock out its caller.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The account, the deploying identity (the role behind the update's session) and the administrators of the keys a concern creates with `provider`. */
export function keyAdministration(
  configured: readonly string[],
  opts: { parent: pulumi.Resource; provider: aws.Provider },
): { accountId: pulumi.Output<string>; deployer: pulumi.Output<string>; administrators: pulumi.Output<string[]> } {
  const caller = aws.getCallerIdentityOutput({}, opts);
  const deployer = aws.iam.getSessionContextOutput({ arn: caller.arn }, opts).issuerArn;
  return { accountId: caller.accountId, deployer, administrators: deployer.apply((issuer) => [...new Set([...configured, issuer])]) };
}
