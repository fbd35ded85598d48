/**
 * The catalog after the concerns' placements (core/feature.ts `placeServices`): a service a concern places (the
 * PCI-DSS zone's payment services) runs in that namespace in every layer (RBAC, NetworkPolicies, mesh, certificates,
 * ExternalSecrets), because they all derive from this one catalog. Applied once, by the parse step.
 */
import type { ServiceDefinition } from "../../core/catalog";
import type { ConfigIssue } from "../../core/config/errors";
import type { ServicesConfig } from "../../core/config/services";
import type { ServicePlacement } from "../../core/feature";

/**
 * The catalog with each placement applied, and what contradicts them: two placements of one service in different
 * namespaces, or a stack's `services.<name>.namespace` naming another namespace than the placement's.
 */
export function placeServices(
  catalog: readonly ServiceDefinition[],
  placements: readonly ServicePlacement[],
  overrides: ServicesConfig,
): { services: ServiceDefinition[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const where = new Map<string, ServicePlacement>();
  for (const p of placements) {
    const earlier = where.get(p.service);
    if (earlier && earlier.namespace !== p.namespace) {
      issues.push({ key: p.reason, message: `places ${p.service} in ${p.namespace}, but ${earlier.reason} places it in ${earlier.namespace}` });
      continue;
    }
    where.set(p.service, p);
    const configured = overrides[p.service]?.namespace;
    if (configured !== undefined && configured !== p.namespace) {
      issues.push({
        key: `services.${p.service}.namespace`,
        value: configured,
        message: `${p.service} runs in ${p.namespace} because of ${p.reason}: leave its namespace out, or set it to ${p.namespace}`,
      });
    }
  }
  const services = catalog.map((s) => {
    const placed = where.get(s.name);
    return placed && placed.namespace !== s.namespace ? { ...s, namespace: placed.namespace } : s;
  });
  return { services, issues };
}
