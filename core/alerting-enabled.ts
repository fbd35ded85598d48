/** Whether the alerting objects are rendered: they need a running prometheus-operator (CRDs and namespace). */

/** The config facts deciding it. */
export interface AlertingSwitchInput {
  features: Readonly<Record<string, boolean>>;
  alerting?: { prometheusOperator?: boolean };
}

/**
 * True when the feature is on and the cluster runs the prometheus-operator: `alerting.prometheusOperator`, which
 * defaults to `features.helmReleases` (a stack that installs no chart is taken to be a bare cluster without CRDs).
 */
export function alertingRendered(c: AlertingSwitchInput): boolean {
  return c.features.alerting && !!c.alerting && (c.alerting.prometheusOperator ?? c.features.helmReleases);
}
