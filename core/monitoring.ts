/**
 * Monitoring facts several concerns share: whether the alerting objects (PrometheusRules, ServiceMonitors) are
 * rendered, which needs a running prometheus-operator, and the labels its rule and monitor selectors match.
 * The `alerting` section belongs to components/alerting; operators of other concerns read it only through here.
 */
import type { Capabilities } from "./config/platform";

/** The config facts deciding it. */
export interface MonitoringInput {
  features: Readonly<Record<string, boolean>>;
  capabilities: Pick<Capabilities, "helm">;
  alerting?: { prometheusOperator?: boolean; ruleLabels?: Readonly<Record<string, string>> };
}

/**
 * True when the feature is on and the cluster runs the prometheus-operator: `alerting.prometheusOperator`, which
 * defaults to the helm capability (a stack that installs no chart is taken to be a bare cluster without CRDs).
 * When true, the `alerting` section is present (the type says so, for the alerting concern's resolve).
 */
export function alertingRendered<C extends MonitoringInput>(c: C): c is C & { alerting: NonNullable<C["alerting"]> } {
  return c.features.alerting && !!c.alerting && (c.alerting.prometheusOperator ?? c.capabilities.helm);
}

/** Labels a ServiceMonitor or PrometheusRule needs for the operator to pick it up (`alerting.ruleLabels`, none without alerting). */
export function monitoringLabels(c: MonitoringInput): Record<string, string> {
  return { ...(c.alerting?.ruleLabels ?? {}) };
}
