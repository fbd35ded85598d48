/**
 * The alerting concern's resolved settings: the `alerting` section with every default filled, present only when the
 * alerting objects are rendered (core/monitoring.ts: the feature is on and a prometheus-operator runs), with the
 * SMTP relay and the Alertmanager credentials its checks guarantee. Pure: tested without Pulumi.
 */
import type { PlatformConfig } from "../../core/config/platform";
import { alertingRendered } from "../../core/monitoring";
import type { SecretCredential } from "../../core/secret-credentials";
import type { AlertmanagerInput } from "./alertmanager";
import type { SecurityRulesInput } from "./rules";
import type { AlertingConfig } from "./schema";

/** The configuration the alerting concern reads: the platform-wide keys and its own `alerting` section. */
export type AlertingStackConfig<Credential = string> = PlatformConfig<Credential> & { alerting?: AlertingConfig };

/** The credentials of the Alertmanager receivers, each its own key of the configuration Secret. */
export interface AlertmanagerCredentials<Credential> {
  /** The `alertmanagerSmtpPassword` secret, when the relay authenticates (`alerting.smtp.username`). */
  smtpPassword?: Credential;
  /** The `alertmanagerChatWebhookUrl` secret (the chat channel's incoming webhook). */
  chatWebhookUrl: Credential;
  /** The `alertmanagerPagerdutyRoutingKey` secret (critical alerts). */
  pagerdutyRoutingKey: Credential;
}

/**
 * The alerting concern as this stack deploys it.
 * @typeParam Credential  a Pulumi secret in the program; plaintext in the tests of {@link resolveAlerting}.
 */
export interface ResolvedAlerting<Credential = SecretCredential> {
  /** Namespace of the prometheus-operator and its Alertmanager (owned by the monitoring stack). */
  namespace: string;
  /** Labels the Prometheus `ruleSelector` matches. */
  ruleLabels: Record<string, string>;
  /** Name of the Alertmanager configuration Secret. */
  alertmanagerSecretName: string;
  /** The security team's mailbox: every alert goes there. */
  securityEmail: string;
  /** Chat channel for warnings and critical alerts. */
  chatChannel: string;
  /** The SMTP relay Alertmanager sends email through. */
  smtp: AlertmanagerInput["smtp"];
  /** Thresholds and selectors of the security alerts. */
  thresholds: Omit<SecurityRulesInput, "namespace" | "ruleLabels">;
  /** The receivers' credentials. */
  credentials: AlertmanagerCredentials<Credential>;
}

/**
 * The alerting settings, or undefined when the alerting objects are not rendered (feature off, or no
 * prometheus-operator). The SMTP relay and the chat and pager credentials are present, and the SMTP password when the
 * relay authenticates: the checks refuse a rendered stack without them.
 */
export function resolveAlerting<Credential>(c: AlertingStackConfig<Credential>): ResolvedAlerting<Credential> | undefined {
  if (!alertingRendered(c)) return undefined;
  const alerting = c.alerting;
  const smtp = alerting.smtp!;
  return {
    namespace: alerting.namespace,
    ruleLabels: alerting.ruleLabels,
    alertmanagerSecretName: alerting.alertmanagerSecretName,
    securityEmail: alerting.securityEmail,
    chatChannel: alerting.chatChannel,
    smtp,
    thresholds: {
      authFailureRatePerSecond: alerting.authFailureRatePerSecond,
      certificateExpiryDays: alerting.certificateExpiryDays,
      networkPolicyDropsMetric: alerting.networkPolicyDropsMetric,
      networkPolicyDropsPerSecond: alerting.networkPolicyDropsPerSecond,
      backupMaxAgeHours: alerting.backupMaxAgeHours,
    },
    credentials: {
      smtpPassword: smtp.username ? c.credentials.alertmanagerSmtpPassword : undefined,
      chatWebhookUrl: c.credentials.alertmanagerChatWebhookUrl!,
      pagerdutyRoutingKey: c.credentials.alertmanagerPagerdutyRoutingKey!,
    },
  };
}
