/** Cross-section checks of the `registry` section. */
import { installsRelease } from "../../core/config/charts";
import type { ConfigIssue } from "../../core/config/errors";
import { globMatches } from "../../core/image-globs";
import { irsaNeedsEksIssues } from "../../core/irsa";
import { registryHost, type RegistryFeatureConfig } from "./settings";

/** An image of the shop's own under the registry host, as the platform's signature policy would see it. */
export const sampleImageOf = (host: string) => `${host}/e-commerce/orders-service:v1.0.0`;

/**
 * Problems of `registry` when features.registry is on: the section and a host present; with image signature admission,
 * the host under the platform's signature glob (else images pushed to the stack's own registry would not need the
 * platform's signature); with S3, the IRSA role possible. Without cert-manager or External Secrets Harbor still runs,
 * reading `harbor-tls` and its credentials Secret, which must then exist (as Velero's bucket without AWS resources).
 */
export function registryIssues(c: RegistryFeatureConfig): ConfigIssue[] {
  if (!c.features.registry) return [];
  const registry = c.registry;
  if (!registry) return [{ key: "registry", message: "is required when features.registry is on (at least registry.host, or secrets.registry.server)" }];
  if (!installsRelease(c, "harbor")) return [];
  const issues: ConfigIssue[] = [];
  const host = registryHost(c);
  if (!host) issues.push({ key: "registry.host", message: "is required when features.registry is on and secrets.registry.server is not set" });
  const glob = c.scanning.signatures?.registryGlob;
  if (host && c.features.imageSignatures && glob && !globMatches(glob, sampleImageOf(host))) {
    issues.push({
      key: c.registry?.host ? "registry.host" : "secrets.registry.server",
      value: host,
      message: `is not covered by scanning.signatures.registryGlob ${glob}: images pushed to the stack's own registry would run without the platform's signature; use a host the glob matches, or widen the glob to ${host}/**`,
    });
  }
  if (registry.storage.type === "s3") {
    if (!c.capabilities.aws)
      issues.push({
        key: "registry.storage.type",
        value: "s3",
        message: "needs features.awsResources (the registry's IRSA role on the bucket); or use filesystem",
      });
    else issues.push(...irsaNeedsEksIssues(c.cluster));
  }
  return issues;
}
