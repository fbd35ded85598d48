/**
 * Passwords of the Elasticsearch service users (kibana_system, fluent-bit), derived from the one
 * configured `elasticsearchPassword` so no further credential has to be created, stored or rotated by hand: rotating
 * the `elastic` password rotates every derived one on the next `pulumi up` (the setup job re-applies them).
 * HMAC-SHA256 keyed with the master password is one-way, so a leaked service password reveals neither the master
 * nor its siblings. The logging concern sets them in Elasticsearch. Pure; the components apply it inside a secret Output so results stay Pulumi secrets.
 */
import { createHmac } from "node:crypto";

/** Which derived secret: each label gives an independent value. */
export type DerivedSecretLabel = "kibana_system" | "fluent-bit" | "kibana-security" | "kibana-reporting";

/** A 43-character URL-safe password (256 bits) derived from `master` for `label`; safe inside JSON and shell words. */
export function derivePassword(master: string, label: DerivedSecretLabel): string {
  if (master.length === 0) throw new Error(`derivePassword(${label}): the master secret is empty`);
  return createHmac("sha256", master).update(`ecommerce-security/${label}`).digest("base64url");
}
