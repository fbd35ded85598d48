/**
 * Credentials as a concern's resolve step receives them. The Feature contract (core/feature.ts) types one
 * configuration for `checks` and `resolve`: the checks run while the configuration is validated, credentials in
 * plaintext; `resolve` runs in the program, after platform/config/load.ts has wrapped every credential as a Pulumi
 * secret. Settings carry credentials as {@link SecretCredential}s, so a component never holds one in plaintext.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "./config/platform";

/** A credential once the program runs: a Pulumi secret, never plaintext in the state or an output. */
export type SecretCredential = pulumi.Output<string>;

/** The configuration `C` as the program holds it: the same keys, every credential a Pulumi secret. */
export type WithSecretCredentials<C extends PlatformConfig> = Omit<C, "credentials"> & Pick<PlatformConfig<SecretCredential>, "credentials">;

/** The configuration a feature's `resolve` receives, typed as what it is at that point (see the file's comment). */
export function withSecretCredentials<C extends PlatformConfig>(config: C): WithSecretCredentials<C> {
  return config as unknown as WithSecretCredentials<C>;
}
