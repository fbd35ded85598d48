/**
 * The region of the platform's AWS provider (`PlatformHandles.aws`): `secrets.aws.region`, else `backup.region`.
 * The `secrets` section belongs to components/secrets and `backup` to components/backup; the platform makes its
 * provider in this region, and a concern whose AWS resources live in a region of their own compares it with this one
 * to know whether that provider serves it.
 */

/** The config facts deciding it. */
export interface AwsRegionInput {
  secrets?: { aws?: { region: string } };
  backup?: { region: string };
}

/** The platform AWS provider's region, or undefined when neither `secrets.aws` nor `backup` names one. */
export function platformAwsRegion(c: AwsRegionInput): string | undefined {
  return c.secrets?.aws?.region ?? c.backup?.region;
}
