/**
 * Vault's database secrets engine for MySQL as data (`secrets.vault.mysqlDynamicCredentials`): one connection per MySQL
 * server of the catalog, one role per client there. Vault creates a MySQL user of the client's own for each read of
 * `<mount>/creds/<server>-<client>`, with only the configured privileges on the configured database, and drops it when
 * its lease ends; the client never holds a long-lived password, and no two clients share a user. Pure: tested without
 * Pulumi; components/secrets/vault-backend.ts registers it.
 */
import { mysqlRoleOf } from "./delivery-plan";

/** A MySQL server of the catalog, as Vault reaches it. */
export interface MysqlServer {
  /** Catalog service name: also the connection's name (`<mount>/config/<server>`). */
  name: string;
  /** Its Service's DNS name in the cluster. */
  host: string;
  /** Its `mysql` port. */
  port: number;
}

/** The resolved `secrets.vault.mysqlDynamicCredentials`, with each server found in the catalog. */
export interface MysqlEngineSettings {
  mount: string;
  adminUsername: string;
  ttlSeconds: number;
  maxTtlSeconds: number;
  /** Per generated catalog secret: its client, server, database and privileges. */
  secrets: Record<string, { client: string; server: string; database: string; privileges: string }>;
  /** The servers the secrets name. */
  servers: MysqlServer[];
}

/** The connection URL template of a server (Vault substitutes its own user name and password). */
export function mysqlConnectionUrl(server: MysqlServer): string {
  return `{{username}}:{{password}}@tcp(${server.host}:${server.port})/`;
}

/** One role of the engine: the SQL that creates a client's user with its grants, and drops it. */
export interface MysqlRole {
  name: string;
  server: string;
  creationStatements: string[];
  revocationStatements: string[];
}

/** The roles of every generated secret: privileges on the one database, from any host (pods have no fixed address). */
export function mysqlRoles(settings: Pick<MysqlEngineSettings, "secrets">): MysqlRole[] {
  return Object.values(settings.secrets).map((s) => ({
    name: mysqlRoleOf(s),
    server: s.server,
    creationStatements: ["CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';", `GRANT ${s.privileges} ON \`${s.database}\`.* TO '{{name}}'@'%';`],
    revocationStatements: ["DROP USER IF EXISTS '{{name}}'@'%';"],
  }));
}

/** The KV path (relative to the KV mount) of a server's bootstrap document: Vault's admin user and first password. */
export function vaultAdminDocumentOf(environment: string, server: string): string {
  return `e-commerce/${environment}/${server}-vault-admin`;
}
