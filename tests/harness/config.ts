/** Config fixtures: a real stack file with a user's edit applied, and the ConfigError it raises. */
import { strict as assert } from "node:assert";
import { ConfigError } from "../../core/config/errors";
import { parseStackConfig, type StackConfig } from "../../platform/config/parse";
import { withOverrides } from "../../platform/offline/mock-runtime";
import { readStackFile } from "../../platform/offline/stack-file";
import { withSecrets } from "../../platform/offline/stand-in-secrets";
import type { SecretConfigKey } from "../../core/config/secret-keys";

/**
 * The parsed config of a real stack file with some keys replaced (deep-merged, lists replace), as a user's edit would,
 * and optionally credentials set as secrets (test values).
 */
export function stackConfigWith(stack: string, overrides: Record<string, unknown> = {}, secrets: Partial<Record<SecretConfigKey, string>> = {}): StackConfig {
  return parseStackConfig(withOverrides(withSecrets(readStackFile(stack), secrets), overrides));
}

/** The ConfigError `fn` throws; fails the test when it throws nothing, rethrows any other error. */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.fail("expected a ConfigError");
}

/** The ConfigError of a real stack file with the given edit. */
export function configErrorWith(stack: string, overrides: Record<string, unknown>): ConfigError {
  return configErrorOf(() => stackConfigWith(stack, overrides));
}
