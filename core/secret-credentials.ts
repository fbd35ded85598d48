/**
 * Credentials as resolved settings carry them. The resolve step runs twice on the same code: while the configuration
 * is validated (credentials still plaintext; only the namespaces of that result are used) and when the program runs,
 * after platform/config/load.ts has wrapped every credential as a Pulumi secret. So a credential in settings is a
 * Pulumi input: a component hands it to resources as it is, or goes through `pulumi.output(...)` to derive from it,
 * and it never reaches the state or an output in plaintext.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A credential in resolved settings (a Pulumi secret whenever the program runs). */
export type SecretCredential = pulumi.Input<string>;
