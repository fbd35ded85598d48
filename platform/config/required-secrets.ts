/**
 * Which credentials a stack's configuration needs. The concerns' checks decide it (each reports a missing credential
 * with `missingSecretIssue`, core/config/secret-keys.ts), so this asks them rather than restating their conditions.
 */
import { ConfigError } from "../../core/config/errors";
import { isMissingSecretIssue, secretConfigKeyNames, type SecretConfigKey } from "../../core/config/secret-keys";
import { parseStackConfig, type ParseOptions, type RawStackConfig } from "./parse";

/** The credentials `raw` lacks although its configuration needs them, in the order of core/config/secret-keys.ts. */
export function missingSecretKeys(raw: RawStackConfig, options: ParseOptions = {}): SecretConfigKey[] {
  try {
    parseStackConfig(raw, options);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const missing = new Set(e.issues.filter(isMissingSecretIssue).map((i) => i.missingSecret));
    return secretConfigKeyNames.filter((k) => missing.has(k));
  }
}

/** The credentials the configuration of `raw` needs, whether or not they are set (what a new team must set). */
export function requiredSecretKeys(raw: RawStackConfig, options: ParseOptions = {}): SecretConfigKey[] {
  const credentials = new Set(secretConfigKeyNames.map((k) => `${raw.project}:${k}`));
  const values = Object.fromEntries(Object.entries(raw.values).filter(([k]) => !credentials.has(k)));
  return missingSecretKeys({ ...raw, values }, options);
}
