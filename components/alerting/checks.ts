/** The alerting concern's checks: its section when on, and the relay and credentials Alertmanager needs when rendered. */
import type { ConfigIssue } from "../../core/config/errors";
import { missingSecretIssue } from "../../core/config/secret-keys";
import { alertingRendered } from "../../core/monitoring";
import type { AlertingStackConfig } from "./settings";

/** Problems of the `alerting` section against the switches and the credentials. */
export function alertingIssues(c: AlertingStackConfig): ConfigIssue[] {
  if (c.features.alerting && !c.alerting) return [{ key: "alerting", message: "is required when features.alerting is on (at least alerting.securityEmail)" }];
  if (!alertingRendered(c)) return [];
  const issues: ConfigIssue[] = [];
  const why = "alerting is rendered (features.alerting on and alerting.prometheusOperator, which defaults to features.helmReleases)";
  if (!c.alerting.smtp) issues.push({ key: "alerting.smtp", message: `is required when ${why}: host and from of the SMTP relay` });
  if (c.alerting.smtp?.username && !c.credentials.alertmanagerSmtpPassword) {
    issues.push(missingSecretIssue("alertmanagerSmtpPassword", "alerting.smtp.username is set"));
  }
  for (const key of ["alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"] as const) {
    if (!c.credentials[key]) issues.push(missingSecretIssue(key, why));
  }
  return issues;
}
