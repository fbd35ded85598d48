/** Apply a stack's `services` overrides to the seed catalog and check every reference in the result. */
import type { ServiceDefinition } from "../../core/catalog";
import type { ServicesConfig } from "../../core/config/services";
import type { ConfigIssue } from "../../core/config/errors";

const requiredForNew = ["namespace", "tier", "ports", "serviceAccount"] as const;

/**
 * The stack's catalog plus every problem found in it (unknown services or ports, duplicates). A service the seed does
 * not have is selected by the stack's selector label (`naming.selectorLabel`) like the seed's.
 */
export function mergeCatalog(
  seed: ServiceDefinition[],
  overrides: ServicesConfig,
  selectorLabel: string,
): { services: ServiceDefinition[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const byName = new Map(seed.map((s) => [s.name, s]));
  for (const [name, override] of Object.entries(overrides)) {
    const { enabled, ...fields } = override;
    const existing = byName.get(name);
    if (!enabled) {
      byName.delete(name);
      continue;
    }
    if (existing) {
      byName.set(name, { ...existing, ...stripUndefined(fields) });
      continue;
    }
    const missing = requiredForNew.filter((k) => fields[k] === undefined);
    for (const k of missing) {
      issues.push({
        key: `services.${name}.${k}`,
        message: `is required for a service that is not in the seed catalog (seed: ${seed.map((s) => s.name).join(", ")})`,
      });
    }
    if (missing.length > 0) continue;
    byName.set(name, {
      name,
      namespace: fields.namespace!,
      tier: fields.tier!,
      ports: fields.ports!,
      serviceAccount: fields.serviceAccount!,
      needsKubernetesApi: fields.needsKubernetesApi ?? false,
      secrets: fields.secrets ?? [],
      secretKeys: fields.secretKeys ?? {},
      configMaps: fields.configMaps ?? [],
      dependsOn: fields.dependsOn ?? [],
      external: fields.external ?? [],
      calledBy: fields.calledBy ?? [],
      ...(fields.retention ? { retention: fields.retention } : {}),
      labels: fields.labels ?? {},
      selectorLabel,
    });
  }
  const services = [...byName.values()];
  issues.push(...checkReferences(services));
  return { services, issues };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Every dependency must name a known service and ports that service has. */
export function checkReferences(services: ServiceDefinition[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const byName = new Map(services.map((s) => [s.name, s]));
  const known = services.map((s) => s.name).join(", ");
  for (const s of services) {
    s.dependsOn.forEach((dep, i) => {
      const callee = byName.get(dep.service);
      if (!callee) {
        issues.push({ key: `services.${s.name}.dependsOn[${i}].service`, value: dep.service, message: `unknown service; known: ${known}` });
        return;
      }
      if (callee.name === s.name) {
        issues.push({ key: `services.${s.name}.dependsOn[${i}].service`, value: dep.service, message: "a service cannot depend on itself" });
      }
      dep.ports.forEach((p, j) => {
        if (!callee.ports.some((cp) => cp.name === p)) {
          issues.push({
            key: `services.${s.name}.dependsOn[${i}].ports[${j}]`,
            value: p,
            message: `${callee.name} has no port of that name; its ports: ${callee.ports.map((cp) => cp.name).join(", ")}`,
          });
        }
      });
    });
    if (s.retention && !s.ports.some((sp) => sp.name === s.retention!.port)) {
      issues.push({
        key: `services.${s.name}.retention.port`,
        value: s.retention.port,
        message: `no port of that name; ports: ${s.ports.map((sp) => sp.name).join(", ")}`,
      });
    }
    s.calledBy.forEach((c, i) =>
      c.ports.forEach((p, j) => {
        if (!s.ports.some((sp) => sp.name === p)) {
          issues.push({
            key: `services.${s.name}.calledBy[${i}].ports[${j}]`,
            value: p,
            message: `no port of that name; ports: ${s.ports.map((sp) => sp.name).join(", ")}`,
          });
        }
      }),
    );
    for (const secret of Object.keys(s.secretKeys ?? {})) {
      if (!s.secrets.includes(secret)) {
        issues.push({ key: `services.${s.name}.secretKeys.${secret}`, message: `is not one of its secrets: ${s.secrets.join(", ") || "(none)"}` });
      }
    }
    const portNames = new Set<string>();
    s.ports.forEach((p, i) => {
      if (portNames.has(p.name)) issues.push({ key: `services.${s.name}.ports[${i}].name`, value: p.name, message: "duplicate port name" });
      portNames.add(p.name);
    });
  }
  return issues;
}
