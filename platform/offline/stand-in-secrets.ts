/**
 * Stand-in credentials for the offline run. The committed stack files hold no secret (each team sets its own with
 * `pulumi config set --secret`), so the plan and the tests supply, for every credential the configuration needs and
 * the file does not set, a value that is plainly not a real one, marked secret as Pulumi marks a `--secret` value.
 */
import type { SecretConfigKey } from "../../core/config/secret-keys";
import type { RawStackConfig } from "../config/parse";
import { missingSecretKeys } from "../config/required-secrets";

/** The stand-in of one credential: a URL for the webhook URLs (`...Url`), otherwise text of 32+ characters. */
export function standInSecret(key: SecretConfigKey): string {
  return key.endsWith("Url") ? `https://stand-in.invalid/offline/${key}` : `offline-stand-in-for-${key}`;
}

/** `raw` with a stand-in for each credential its configuration needs and lacks; `standInSecrets` names them. */
export function withStandInSecrets<R extends RawStackConfig>(raw: R): R & { standInSecrets: SecretConfigKey[] } {
  const missing = missingSecretKeys(raw);
  return { ...withSecrets(raw, Object.fromEntries(missing.map((key) => [key, standInSecret(key)]))), standInSecrets: missing };
}

/** `raw` with the given credentials set as Pulumi secrets, as `pulumi config set --secret <key>` sets them. */
export function withSecrets<R extends RawStackConfig>(raw: R, secrets: Partial<Record<SecretConfigKey, string>> = {}): R {
  const values = { ...raw.values };
  const secretKeys = new Set(raw.secretKeys);
  for (const [key, value] of Object.entries(secrets)) {
    if (value === undefined) continue;
    values[`${raw.project}:${key}`] = value;
    secretKeys.add(`${raw.project}:${key}`);
  }
  return { ...raw, values, secretKeys };
}
