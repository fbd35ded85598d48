/** Vault policies of the stores: read on exactly the KV v2 data paths a scope syncs, nothing else (no list, no metadata). */
import { vaultDataPath } from "./backends";

/** One `path` block of a Vault policy. */
export interface VaultPolicyRule {
  /** API path, e.g. `secret/data/e-commerce/staging/jwt-secret`. */
  path: string;
  /** Capabilities granted on it. */
  capabilities: Array<"read" | "list" | "create" | "update" | "delete" | "sudo" | "deny">;
}

/** The rules of a store scope: `read` on the data path of each secret it syncs from Vault. */
export function storeReadRules(kvMount: string, environment: string, secretNames: readonly string[]): VaultPolicyRule[] {
  if (secretNames.length === 0) throw new Error("a Vault store policy needs at least one secret path (an empty policy grants nothing)");
  return [...new Set(secretNames)].sort().map((name) => ({ path: vaultDataPath(kvMount, environment, name), capabilities: ["read"] }));
}

/** The rules of a scope's generated database credentials: `read` on each `<mount>/creds/<role>` (a read is a new user). */
export function credentialReadRules(paths: readonly string[]): VaultPolicyRule[] {
  return [...new Set(paths)].sort().map((path) => ({ path, capabilities: ["read"] }));
}

/** Render rules as Vault policy HCL. */
export function renderVaultPolicy(rules: readonly VaultPolicyRule[], comment: string): string {
  const blocks = rules.map((r) => `path "${r.path}" {\n  capabilities = [${r.capabilities.map((c) => `"${c}"`).join(", ")}]\n}\n`);
  return [`# ${comment}`, "# Managed by Pulumi (ecommerce-security); read-only on the exact paths the stores sync.", "", ...blocks].join("\n");
}
