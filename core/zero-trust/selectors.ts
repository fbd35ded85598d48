/**
 * Label selectors shared by the NetworkPolicies and the Istio rules derived from the catalog, and the incident
 * isolation label that every allow rule excludes.
 */

/** The label incident response sets on a pod to cut it off (`kubectl label pod <pod> incident=isolated`). */
export const ISOLATION_LABEL = "incident";
/** The value of {@link ISOLATION_LABEL} that isolates a pod. */
export const ISOLATED = "isolated";

/** The namespace label the API server sets on every namespace to its own name (immutable, so safe to select on). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** A `matchExpressions` entry of a Kubernetes label selector. */
export interface SelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** A Kubernetes label selector (metav1.LabelSelector) as rendered into manifests. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: SelectorRequirement[];
}

/**
 * The requirement that keeps isolated pods out of a selector. NetworkPolicies are additive: a deny policy cannot
 * take away what an allow policy grants, so isolation works by making every allow policy not select (and not
 * admit as a peer) a pod labelled `incident=isolated`; only the default-deny and the isolation policy still select it.
 */
export function notIsolated(): SelectorRequirement {
  return { key: ISOLATION_LABEL, operator: "NotIn", values: [ISOLATED] };
}

/** Pods with these labels that are not isolated. */
export function podsNotIsolated(labels: Record<string, string>): LabelSelector {
  return { matchLabels: { ...labels }, matchExpressions: [notIsolated()] };
}

/** Every pod of a namespace that is not isolated. */
export function allPodsNotIsolated(): LabelSelector {
  return { matchExpressions: [notIsolated()] };
}

/** The namespace with this name (by the API server's name label, which a tenant cannot forge). */
export function namespaceNamed(name: string): LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: name } };
}
