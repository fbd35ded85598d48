/**
 * Names that other sections hold but the stack's `naming` layout decides by default: `secrets.aws.jwtPublicKeySecretName`
 * (the gateway's JWT secret, `naming.jwtSecret`) and `secrets.registry.secretName` (the pull secret,
 * `naming.registryPullSecret`). A stack that sets either keeps its value; otherwise the layout's name is written into
 * the raw input before it is parsed, so every reader sees one name and no default is kept in two places.
 */
import { namingSchema, resolveNaming } from "../../core/config/naming";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Fills the names the layout decides into the raw (decoded, not yet parsed) stack input, where the stack left them out. */
export function applyNamingDefaults(input: Record<string, unknown>): void {
  const parsed = namingSchema.safeParse(input.naming);
  // A `naming` that does not parse is reported by the parse itself; the document's names stand in meanwhile.
  const naming = resolveNaming(parsed.success ? parsed.data : {});
  const secrets = input.secrets;
  if (!isObject(secrets)) return;
  if (isObject(secrets.aws) && secrets.aws.jwtPublicKeySecretName === undefined) secrets.aws.jwtPublicKeySecretName = naming.jwtSecret;
  if (isObject(secrets.registry) && secrets.registry.secretName === undefined) secrets.registry.secretName = naming.registryPullSecret;
}
