/**
 * What to say about a key the schema does not know: a credential written where it does not belong names the one
 * secret key that holds it and the command that sets it; a typo names the nearest allowed key.
 */
import { closest, distance } from "fastest-levenshtein";
import { secretConfigKeyNames, setSecretCommand, type SecretConfigKey } from "../../core/config/secret-keys";

/** The section whose settings each credential goes with (where someone would put it by mistake). */
const credentialSections: Record<SecretConfigKey, string> = {
  cloudflareApiToken: "tls",
  alertmanagerSmtpPassword: "alerting",
  alertmanagerChatWebhookUrl: "alerting",
  alertmanagerPagerdutyRoutingKey: "alerting",
  scanNotificationWebhookUrl: "scanning",
  elasticsearchPassword: "logging",
  kibanaEncryptionKey: "logging",
  jwtSigningKey: "secrets",
};

/** Words a key holding a credential ends with. */
const credentialWords = new Set(["password", "passwd", "pass", "token", "secret", "key", "webhook", "url", "credential", "credentials"]);

/** `alerting.smtp.password` -> alerting, smtp, password; `apiToken` -> api, token. */
function words(key: string): string[] {
  return key
    .split(/[.\-_[\]]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * The secret key an unknown key under a section most likely meant (`alerting.smtp.password` ->
 * alertmanagerSmtpPassword), when the unknown key names a credential; undefined otherwise.
 */
export function misplacedCredential(path: readonly string[]): SecretConfigKey | undefined {
  const leaf = words(path[path.length - 1] ?? "");
  if (!leaf.some((w) => credentialWords.has(w))) return undefined;
  const pathWords = new Set(path.flatMap(words));
  const scored = secretConfigKeyNames
    .filter((k) => credentialSections[k] === path[0])
    .map((k) => ({ key: k, score: words(k).filter((w) => pathWords.has(w)).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0 || (scored.length > 1 && scored[0].score === scored[1].score)) return undefined;
  return scored[0].key;
}

/** The allowed key nearest to a misspelt one (`fileSystemBakcup` -> fileSystemBackup), when it is near enough to be meant. */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const lower = allowed.map((k) => k.toLowerCase());
  const nearest = closest(key.toLowerCase(), lower);
  const tolerance = Math.max(2, Math.floor(key.length / 4));
  return distance(key.toLowerCase(), nearest) <= tolerance ? allowed[lower.indexOf(nearest)] : undefined;
}

/**
 * The credential an unknown key stands for: one written inside a section (`alerting.smtp.password`), or a top-level
 * key nearest to a credential's key (`cloudflareApiTokn`).
 */
export function credentialMeant(path: readonly string[], allowed: readonly string[]): SecretConfigKey | undefined {
  if (path.length > 1) return misplacedCredential(path);
  return secretConfigKeyNames.find((k) => k === nearestKey(path[0], [...allowed, ...secretConfigKeyNames]));
}

/** The message for an unknown key at `path` (its last element) among `allowed` keys. */
export function unknownKeyMessage(path: readonly string[], allowed: readonly string[]): string {
  const credential = credentialMeant(path, allowed);
  const command = credential && `\`${setSecretCommand(credential)}\` (it prompts for the value)`;
  if (credential && path.length > 1) return `is a credential and does not belong in the stack file: remove it and run ${command}`;
  if (credential) return `unknown key; did you mean the credential ${credential}? remove this key and run ${command}`;
  const nearest = nearestKey(path[path.length - 1], allowed);
  const list = allowed.length ? `allowed: ${allowed.join(", ")}` : "";
  return `unknown key${nearest ? `; did you mean ${nearest}?` : ""}${list ? `; ${list}` : ""}`;
}
