/** The program's entry to its configuration: read Pulumi's config, validate it, wrap credentials as secrets. */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { parseStackConfig, type StackConfig } from "./parse";
import type { SecretConfigKey } from "../../core/config/secret-keys";

export type { StackConfig } from "./parse";

// Pulumi tracks which config keys hold secrets, but marks the accessor @internal (absent from its typings).
// It is the only way to refuse a credential that was set without --secret, so it is reached through this cast.
const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
export { ConfigError } from "../../core/config/errors";
export { parseStackConfig } from "./parse";

/** The stack configuration as the program uses it: credentials only as Pulumi secrets. */
export interface ProgramConfig extends Omit<StackConfig, "credentials"> {
  /** Secret config values, each a Pulumi secret output (never plaintext in state or outputs). */
  credentials: Partial<Record<SecretConfigKey, pulumi.Output<string>>>;
}

/** Read and validate the current stack's configuration. Throws a ConfigError naming every problem. */
export function loadStackConfig(): ProgramConfig {
  const values = pulumi.runtime.allConfig();
  const secretKeys = new Set(Object.keys(values).filter((k) => isConfigSecret(k)));
  const parsed = parseStackConfig({ project: pulumi.getProject(), stack: pulumi.getStack(), values, secretKeys });
  return toProgramConfig(parsed);
}

/** Wrap each credential as a Pulumi secret. */
export function toProgramConfig(parsed: StackConfig): ProgramConfig {
  const credentials: ProgramConfig["credentials"] = {};
  for (const [k, v] of Object.entries(parsed.credentials)) {
    credentials[k as SecretConfigKey] = pulumi.secret(v);
  }
  return { ...parsed, credentials };
}
