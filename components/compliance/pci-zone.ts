/**
 * The PCI-DSS zone (when `compliance.pciDss` is on): a restricted namespace for cardholder-data workloads and
 * secrets, where only the payment services' identities get a role: read the zone's ConfigMaps and the Secrets
 * `compliance.pciSecrets` names (by name: a Secret added to the zone later is not readable until it is listed), nothing
 * else. Nobody else is bound in the zone; humans come through the forensics (read-only, no Secrets) or break-glass
 * roles. PCI-DSS 7.2: access limited to least privilege by job function.
 */
import { componentLabels } from "../../core/labels";

/** Name of the Role and RoleBinding. */
export const PAYMENT_ONLY_ROLE = "payment-only";

/** The Role and the RoleBinding of the payment services' ServiceAccounts; `secrets` are the zone's Secrets they may read. */
export function pciZoneManifests(namespace: string, services: Array<{ name: string; namespace: string; serviceAccount: string }>, secrets: readonly string[]) {
  const labels = { ...componentLabels("compliance"), "compliance.ecommerce.example.com/pci-dss": "true" };
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: PAYMENT_ONLY_ROLE, namespace, labels },
    rules: [
      ...(secrets.length === 0 ? [] : [{ apiGroups: [""], resources: ["secrets"], resourceNames: [...secrets], verbs: ["get"] }]),
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
    ],
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: PAYMENT_ONLY_ROLE, namespace, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: PAYMENT_ONLY_ROLE },
    subjects: services.map((s) => ({ kind: "ServiceAccount", name: s.serviceAccount, namespace: s.namespace })),
  };
  return { role, binding };
}
