/** The incident isolation NetworkPolicy every namespace the stack declares (or places allow policies in) carries. */
import { componentLabels } from "../labels";
import { ISOLATED, ISOLATION_LABEL } from "./selectors";

/** Name of the isolation policy, the same in every namespace (the runbook looks it up by this name). */
export const ISOLATION_POLICY_NAME = "incident-isolation";

/**
 * `incident-isolation`: selects `incident=isolated` pods for both directions and allows nothing. On its own it
 * cannot cut traffic another policy allows (policies add up); every allow policy of the stack excludes isolated pods,
 * so this is the explicit, discoverable statement of the isolation, and it keeps an isolated pod fully isolated where
 * no default-deny of the stack applies (kube-system) or if the namespace's were removed.
 * @param component  the concern that owns it (its `app.kubernetes.io/component` label)
 */
export function isolationPolicyManifest(namespace: string, component: string) {
  return {
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "NetworkPolicy" as const,
    metadata: {
      name: ISOLATION_POLICY_NAME,
      namespace,
      labels: componentLabels(component),
      annotations: {
        "ecommerce.example.com/description": `pods labelled ${ISOLATION_LABEL}=${ISOLATED} get no traffic: every allow policy of this stack excludes them`,
      },
    },
    spec: {
      podSelector: { matchLabels: { [ISOLATION_LABEL]: ISOLATED } },
      policyTypes: ["Ingress" as const, "Egress" as const],
      ingress: [],
      egress: [],
    },
  };
}
