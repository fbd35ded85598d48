/** The credentials' config keys, and the issue a concern reports when one its configuration needs is missing. */
import type { ConfigIssue } from "./errors";

/**
 * Config keys that hold credentials. Each must be set with `pulumi config set --secret <key> <value>`:
 * a plaintext value is a configuration error, so a credential can never sit readable in a stack file.
 * Each is its own top-level key because Pulumi tracks secrecy per top-level key. The committed stack files hold none
 * of them: each team sets the ones its configuration needs, and a concern's checks report each missing one with
 * {@link missingSecretIssue}.
 */
export const secretConfigKeys = {
  cloudflareApiToken: "Cloudflare API token for the DNS-01 solver (Zone:DNS:Edit on tls.dns01.zone)",
  alertmanagerSmtpPassword: "password of the SMTP relay Alertmanager sends email through",
  alertmanagerChatWebhookUrl: "incoming-webhook URL of the security chat channel",
  alertmanagerPagerdutyRoutingKey: "PagerDuty Events v2 routing key for critical alerts",
  scanNotificationWebhookUrl: "webhook the scheduled image scan posts its summary to",
  elasticsearchPassword: "password of the Elasticsearch `elastic` user (logging.mode in-cluster) or of the external endpoint",
  kibanaEncryptionKey: "Kibana saved-objects encryption key (32+ characters)",
  jwtSigningKey: "JWT private key (PEM, PKCS#8: EC P-256 for ES256 or RSA for RS256) stored in AWS Secrets Manager; generated when unset",
} as const;

export type SecretConfigKey = keyof typeof secretConfigKeys;
export const secretConfigKeyNames = Object.keys(secretConfigKeys) as SecretConfigKey[];

/** The command that sets a credential: without a value on the command line it prompts (no echo) or reads standard input. */
export function setSecretCommand(key: SecretConfigKey): string {
  return `pulumi config set --secret ${key}`;
}

/** A configuration problem: a credential the stack's configuration needs has not been set. */
export interface MissingSecretIssue extends ConfigIssue {
  /** The credential's config key. */
  missingSecret: SecretConfigKey;
}

/** The issue of a credential needed `when` a condition holds, naming the one command that fixes it. */
export function missingSecretIssue(key: SecretConfigKey, when: string): MissingSecretIssue {
  return { key, missingSecret: key, message: `is required (as a secret) when ${when}: run \`${setSecretCommand(key)}\`` };
}

/** True for the issues {@link missingSecretIssue} makes. */
export function isMissingSecretIssue(issue: ConfigIssue): issue is MissingSecretIssue {
  return typeof (issue as Partial<MissingSecretIssue>).missingSecret === "string";
}
