/**
 * The PCI-DSS zone (when `compliance.pciDss` is on): a restricted namespace where the payment services
 * (`compliance.pciServices`) run, placed there by the platform whatever the catalog says (their Secrets, certificates,
 * NetworkPolicies and AuthorizationPolicies with them), in the mesh and under image signature admission like every app
 * namespace. Only the payment services' identities get a role there: `get`, by name, on the Secrets and ConfigMaps
 * the catalog gives them and the zone's own Secrets `compliance.pciSecrets` names; never a list or watch, never a
 * Secret added to the zone later. Nobody else is bound in the zone; humans come through the forensics (read-only, no
 * Secrets) or break-glass roles. PCI-DSS 7.2: access limited to least privilege by job function.
 */
import type { ServiceDefinition } from "../../core/catalog";
import { componentLabels } from "../../core/labels";

/** Name of the Role and RoleBinding. */
export const PAYMENT_ONLY_ROLE = "payment-only";

/** A payment service as the zone's role reads it. */
export type PciService = Pick<ServiceDefinition, "name" | "namespace" | "serviceAccount" | "secrets" | "configMaps">;

/** The role's rules: `get` by name on the Secrets and ConfigMaps, nothing when there is nothing to read. */
export function paymentOnlyRules(services: readonly PciService[], zoneSecrets: readonly string[]) {
  const secrets = [...new Set([...services.flatMap((s) => s.secrets), ...zoneSecrets])];
  const configMaps = [...new Set(services.flatMap((s) => s.configMaps))];
  return [
    ...(secrets.length > 0 ? [{ apiGroups: [""], resources: ["secrets"], resourceNames: secrets, verbs: ["get"] }] : []),
    ...(configMaps.length > 0 ? [{ apiGroups: [""], resources: ["configmaps"], resourceNames: configMaps, verbs: ["get"] }] : []),
  ];
}

/**
 * The Role and the RoleBinding of the payment services' ServiceAccounts in the zone; undefined when they may read
 * nothing (an empty `resourceNames` would mean every object, so no rule is written instead).
 */
export function pciZoneManifests(namespace: string, services: readonly PciService[], zoneSecrets: readonly string[]) {
  const rules = paymentOnlyRules(services, zoneSecrets);
  if (rules.length === 0) return undefined;
  const labels = { ...componentLabels("compliance"), "compliance.ecommerce.example.com/pci-dss": "true" };
  const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: PAYMENT_ONLY_ROLE, namespace, labels }, rules };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: PAYMENT_ONLY_ROLE, namespace, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: PAYMENT_ONLY_ROLE },
    subjects: services.map((s) => ({ kind: "ServiceAccount", name: s.serviceAccount, namespace: s.namespace })),
  };
  return { role, binding };
}
