/**
 * The Alertmanager configuration Secret. The configuration itself holds no credential: it points at files
 * (`*_file` settings) that Alertmanager reads from the same Secret, mounted through the Alertmanager resource's
 * `secrets` list at /etc/alertmanager/secrets/<secret>/<key>. So the YAML is reviewable plain text and each URL and
 * key is its own Pulumi secret. Use it with kube-prometheus-stack as
 *   alertmanager.alertmanagerSpec: { configSecret: <name>, secrets: [<name>] }
 *
 * Routes by severity: critical -> pager (and chat and email), warning -> chat (and email), anything else -> email.
 */
import { stringify } from "yaml";
import { componentLabels } from "../../core/labels";
import { opaqueSecretManifest } from "../../core/secret-manifest";

/** Inputs of {@link alertmanagerConfig}. */
export interface AlertmanagerInput {
  /** Name of the Secret (also the mount directory name). */
  secretName: string;
  /** The security team's mailbox. */
  securityEmail: string;
  /** Chat channel. */
  chatChannel: string;
  /** SMTP relay. */
  smtp: { host: string; port: number; from: string; username?: string };
}

/** Keys of the Secret holding the credentials. */
export const CREDENTIAL_KEYS = {
  smtpPassword: "smtp-password",
  chatWebhookUrl: "chat-webhook-url",
  pagerdutyRoutingKey: "pagerduty-routing-key",
} as const;

/** The configuration key the prometheus-operator reads. */
export const CONFIG_KEY = "alertmanager.yaml";

/** Receiver names. */
export const RECEIVERS = { email: "security-email", chat: "security-chat", pager: "security-pager", none: "null" } as const;

/** The Alertmanager configuration (no credential inside). */
export function alertmanagerConfig(i: AlertmanagerInput) {
  const file = (key: string) => `/etc/alertmanager/secrets/${i.secretName}/${key}`;
  return {
    global: {
      resolve_timeout: "5m",
      smtp_smarthost: `${i.smtp.host}:${i.smtp.port}`,
      smtp_from: i.smtp.from,
      smtp_require_tls: true,
      ...(i.smtp.username ? { smtp_auth_username: i.smtp.username, smtp_auth_password_file: file(CREDENTIAL_KEYS.smtpPassword) } : {}),
    },
    route: {
      receiver: RECEIVERS.email,
      group_by: ["alertname", "namespace", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        // kube-prometheus-stack's heartbeat and inhibitor helpers are not for people.
        { receiver: RECEIVERS.none, matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
        { receiver: RECEIVERS.pager, matchers: ['severity="critical"'], repeat_interval: "1h", continue: true },
        { receiver: RECEIVERS.chat, matchers: ['severity=~"critical|warning"'], continue: true },
        // A matched child route hides the root receiver, so email is a route of its own for every severity.
        { receiver: RECEIVERS.email, matchers: ['severity=~"critical|warning|info"'] },
      ],
    },
    inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ["alertname", "namespace"] }],
    receivers: [
      { name: RECEIVERS.none },
      { name: RECEIVERS.email, email_configs: [{ to: i.securityEmail, send_resolved: true }] },
      {
        name: RECEIVERS.chat,
        slack_configs: [
          {
            api_url_file: file(CREDENTIAL_KEYS.chatWebhookUrl),
            channel: i.chatChannel,
            send_resolved: true,
            title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})",
            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}",
          },
        ],
      },
      {
        name: RECEIVERS.pager,
        pagerduty_configs: [{ routing_key_file: file(CREDENTIAL_KEYS.pagerdutyRoutingKey), severity: "critical", send_resolved: true }],
      },
    ],
  };
}

/** The Secret: the configuration as plain text and each credential as its own key (carried as `S`, a Pulumi secret). */
export function alertmanagerSecret<S>(
  i: AlertmanagerInput & { namespace: string; credentials: { smtpPassword?: S; chatWebhookUrl: S; pagerdutyRoutingKey: S } },
) {
  const stringData: Record<string, string | S> = {
    [CONFIG_KEY]: stringify(alertmanagerConfig(i), { lineWidth: 0, aliasDuplicateObjects: false }),
    [CREDENTIAL_KEYS.chatWebhookUrl]: i.credentials.chatWebhookUrl,
    [CREDENTIAL_KEYS.pagerdutyRoutingKey]: i.credentials.pagerdutyRoutingKey,
  };
  if (i.smtp.username && i.credentials.smtpPassword !== undefined) stringData[CREDENTIAL_KEYS.smtpPassword] = i.credentials.smtpPassword;
  return opaqueSecretManifest({ name: i.secretName, namespace: i.namespace, labels: componentLabels("alerting") }, stringData);
}
