/** The alerting concern: PrometheusRules for security events and the Alertmanager routing secret. */
import type { Feature } from "../../core/feature";
import type { SecretCredential } from "../../core/secret-credentials";
import { alertingIssues } from "./checks";
import { Alerting } from "./component";
import { alertingSchema } from "./schema";
import { resolveAlerting, type AlertingStackConfig, type ResolvedAlerting } from "./settings";

export const alertingFeature: Feature<AlertingStackConfig<SecretCredential>, ResolvedAlerting> & { readonly sections: { alerting: typeof alertingSchema } } = {
  name: "alerting",
  switches: { alerting: { description: "PrometheusRules and the Alertmanager configuration.", default: true } },
  sections: { alerting: alertingSchema },
  checks: alertingIssues,
  resolve: resolveAlerting,
  create: (settings, _handles, opts) => ({ component: new Alerting("alerting", { settings }, opts) }),
};
