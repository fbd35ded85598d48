/** Cross-section checks of the zero-trust inputs: identities must be unique, and what `network` names must exist in the catalog. */
import type { ConfigIssue } from "../../core/config/errors";
import type { PlatformConfig } from "../../core/config/platform";

/** Problems of the catalog's identities and of `network` against the catalog. */
export function zeroTrustIssues(c: Pick<PlatformConfig, "catalog" | "network">): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // A ServiceAccount is the service's identity (RBAC subject, Istio principal): two services sharing one would
  // share every grant and every caller.
  const owners = new Map<string, string>();
  for (const s of c.catalog) {
    const key = `${s.namespace}/${s.serviceAccount}`;
    const owner = owners.get(key);
    if (owner) {
      issues.push({
        key: `services.${s.name}.serviceAccount`,
        value: s.serviceAccount,
        message: `is already the ServiceAccount of ${owner} in namespace ${s.namespace}; each service needs its own identity`,
      });
    } else owners.set(key, s.name);
  }
  // A CIDR list for a destination no service calls is most likely a typo that leaves the real one on "the internet".
  const destinations = [...new Set(c.catalog.flatMap((s) => s.external.map((x) => x.name)))];
  for (const name of Object.keys(c.network.externalCidrs)) {
    if (!destinations.includes(name)) {
      issues.push({
        key: `network.externalCidrs.${name}`,
        message: `no service's external[] names this destination; known: ${destinations.join(", ") || "(none)"}`,
      });
    }
  }
  return issues;
}
