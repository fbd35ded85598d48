/** The labels every object of this program carries, so `kubectl get -l` finds what the stack owns. */

/** Marks objects this program manages. */
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "ecommerce-security" } as const;

/** Labels of a platform object belonging to one component (`component` names the concern, e.g. `network`). */
export function componentLabels(component: string): Record<string, string> {
  return { ...MANAGED_BY, "app.kubernetes.io/component": component };
}

/**
 * The labels that select a catalog service's pods: what NetworkPolicies, Services and Istio rules match on. The key
 * is the stack's (`naming.selectorLabel`, carried by each catalog entry).
 */
export function serviceSelector(service: { name: string; selectorLabel: string }): Record<string, string> {
  return { [service.selectorLabel]: service.name };
}

/** Every label a catalog service's pods carry. */
export function servicePodLabels(service: { name: string; selectorLabel: string; tier: string; labels: Record<string, string> }): Record<string, string> {
  return { ...service.labels, ...serviceSelector(service), tier: service.tier };
}
