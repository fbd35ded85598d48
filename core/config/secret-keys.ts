/**
 * Config keys that hold credentials. Each must be set with `pulumi config set --secret <key> <value>`:
 * a plaintext value is a configuration error, so a credential can never sit readable in a stack file.
 * Each is its own top-level key because Pulumi tracks secrecy per top-level key.
 */
export const secretConfigKeys = {
  cloudflareApiToken: "Cloudflare API token for the DNS-01 solver (Zone:DNS:Edit on tls.dns01.zone)",
  alertmanagerSmtpPassword: "password of the SMTP relay Alertmanager sends email through",
  alertmanagerChatWebhookUrl: "incoming-webhook URL of the security chat channel",
  alertmanagerPagerdutyRoutingKey: "PagerDuty Events v2 routing key for critical alerts",
  scanNotificationWebhookUrl: "webhook the scheduled image scan posts its summary to",
  elasticsearchPassword: "password of the Elasticsearch `elastic` user (logging.mode in-cluster) or of the external endpoint",
  kibanaEncryptionKey: "Kibana saved-objects encryption key (32+ characters)",
  jwtSigningKey: "JWT signing key stored in AWS Secrets Manager; generated when unset",
} as const;

export type SecretConfigKey = keyof typeof secretConfigKeys;
export const secretConfigKeyNames = Object.keys(secretConfigKeys) as SecretConfigKey[];
