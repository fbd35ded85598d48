/** The alerting concern: PrometheusRules for security events and the Alertmanager routing secret. */
import type { ConfigIssue } from "../../core/config/errors";
import { alertingRendered } from "../../core/monitoring";
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Alerting } from "./component";
import { alertingSchema, type AlertingConfig } from "./schema";

type AlertingSettings = NonNullable<AlertingConfig>;

function alertingIssues(c: StackConfig): ConfigIssue[] {
  if (c.features.alerting && !c.alerting) return [{ key: "alerting", message: "is required when features.alerting is on (at least alerting.securityEmail)" }];
  if (!alertingRendered(c) || !c.alerting) return [];
  const issues: ConfigIssue[] = [];
  const why = "alerting is rendered (features.alerting on and alerting.prometheusOperator, which defaults to features.helmReleases)";
  if (!c.alerting.smtp) issues.push({ key: "alerting.smtp", message: `is required when ${why}: host and from of the SMTP relay` });
  if (c.alerting.smtp?.username && !c.credentials.alertmanagerSmtpPassword) {
    issues.push({ key: "alertmanagerSmtpPassword", message: "is required (as a secret) when alerting.smtp.username is set" });
  }
  for (const key of ["alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"] as const) {
    if (!c.credentials[key]) issues.push({ key, message: `is required (as a secret) when ${why}` });
  }
  return issues;
}

export const alertingFeature: Feature<StackConfig, { config: StackConfig; alerting: AlertingSettings }> & { readonly sections: { alerting: typeof alertingSchema } } = {
  name: "alerting",
  switches: { alerting: { description: "PrometheusRules and the Alertmanager configuration.", default: true } },
  sections: { alerting: alertingSchema },
  checks: alertingIssues,
  resolve: (c: StackConfig) => (alertingRendered(c) && c.alerting ? { config: c, alerting: c.alerting } : undefined),
  create: ({ config, alerting }, handles, opts) => ({ component: new Alerting("alerting", { ctx: legacyContext(config, handles), alerting }, opts) }),
};
