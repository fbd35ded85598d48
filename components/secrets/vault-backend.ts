/**
 * VaultBackend: the Vault side of the secrets layer. The KV v2 mount, the kubernetes auth backend configured for the
 * cluster, and per store scope a policy reading only the paths that scope syncs plus a role bound to exactly that
 * scope's store service account, namespace and token audience. With `secrets.vault.mysqlDynamicCredentials`, the
 * database secrets engine too (./vault-database): a connection per MySQL server, a role per client, and the scopes'
 * policies read those clients' credentials paths instead of KV documents.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as vault from "@pulumi/vault";
import { secretPathPrefix } from "./backends";
import { scopeKey, type StoreScope } from "./delivery-plan";
import { vaultRoleNameOf } from "./store-manifests";
import { mysqlConnectionUrl, mysqlRoles, vaultAdminDocumentOf, type MysqlEngineSettings } from "./vault-database";
import { credentialReadRules, renderVaultPolicy, storeReadRules } from "./vault-policy";

/** Arguments of {@link VaultBackend}. */
export interface VaultBackendArgs {
  /** Environment name: the KV paths' prefix `e-commerce/<environment>/`. */
  environment: string;
  /** Path of the KV v2 mount. */
  kvMount: string;
  /** Path of the kubernetes auth backend. */
  authMount: string;
  /** Prefix of the role and policy names (`<prefix>-<namespace>`). */
  rolePrefix: string;
  /** Audience the stores' tokens carry; the roles accept no other. */
  audience: string;
  /** Kubernetes API address Vault reviews tokens at. */
  kubernetesHost: string;
  /** PEM CA of the Kubernetes API (when Vault runs outside the cluster). */
  kubernetesCaCert?: string;
  /** Lifetime of the tokens the roles issue, in seconds. */
  tokenTtlSeconds: number;
  /** Store scopes with a Vault store: each gets a policy and a role. */
  scopes: StoreScope[];
  /** The store service account each role is bound to (in the scope's namespace). */
  storeServiceAccount: string;
  /** Protect the KV mount (production): deleting it deletes every secret in it. */
  protect: boolean;
  /** The database secrets engine for MySQL (`secrets.vault.mysqlDynamicCredentials`); absent: none. */
  mysql?: MysqlEngineSettings;
  /** The Vault provider every resource uses. */
  provider: vault.Provider;
}

/** KV mount, kubernetes auth, and a least-privilege policy and role per store scope. */
export class VaultBackend extends pulumi.ComponentResource {
  /** Path of the KV v2 mount. */
  readonly kvMountPath: pulumi.Output<string>;
  /** Role name per store scope (key: {@link scopeKey}). */
  readonly roleNames: ReadonlyMap<string, pulumi.Output<string>>;

  constructor(name: string, args: VaultBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:VaultBackend", name, {}, opts);
    const inVault = { parent: this, provider: args.provider };

    const kv = new vault.Mount(
      `${name}-kv`,
      { path: args.kvMount, type: "kv", options: { version: "2" }, description: `e-commerce application secrets (${secretPathPrefix(args.environment)}/...)` },
      { ...inVault, protect: args.protect },
    );
    const auth = new vault.AuthBackend(
      `${name}-kubernetes-auth`,
      { type: "kubernetes", path: args.authMount, description: "Kubernetes service-account login of the External Secrets stores" },
      inVault,
    );
    // No token_reviewer_jwt: Vault reviews each login with the presented token itself, so no long-lived
    // reviewer credential exists (the store service accounts hold system:auth-delegator for that).
    new vault.kubernetes.AuthBackendConfig(
      `${name}-kubernetes-auth-config`,
      { backend: auth.path, kubernetesHost: args.kubernetesHost, kubernetesCaCert: args.kubernetesCaCert },
      inVault,
    );

    const engine = args.mysql ? this.mysqlEngine(name, args, args.mysql, kv, inVault) : [];

    const roles = new Map<string, pulumi.Output<string>>();
    for (const scope of args.scopes) {
      const secrets = scope.readable.vault ?? [];
      const credentials = scope.vaultCredentialPaths ?? [];
      if (secrets.length === 0 && credentials.length === 0) continue;
      const roleName = vaultRoleNameOf(args.rolePrefix, scope);
      const rules = [...(secrets.length > 0 ? storeReadRules(args.kvMount, args.environment, secrets) : []), ...credentialReadRules(credentials)];
      const policy = new vault.Policy(
        `${name}-${roleName}`,
        { name: roleName, policy: renderVaultPolicy(rules, `External Secrets store ${scope.kind} ${scope.namespace}`) },
        { ...inVault, dependsOn: [kv, ...engine] },
      );
      const role = new vault.kubernetes.AuthBackendRole(
        `${name}-${roleName}`,
        {
          backend: auth.path,
          roleName,
          boundServiceAccountNames: [args.storeServiceAccount],
          boundServiceAccountNamespaces: [scope.namespace],
          audience: args.audience,
          tokenPolicies: [policy.name],
          tokenNoDefaultPolicy: true,
          tokenTtl: args.tokenTtlSeconds,
          tokenMaxTtl: args.tokenTtlSeconds,
        },
        inVault,
      );
      roles.set(scopeKey(scope), role.roleName);
    }

    this.kvMountPath = kv.path;
    this.roleNames = roles;
    this.registerOutputs({ kvMountPath: this.kvMountPath, roleNames: Object.fromEntries(roles) });
  }

  /**
   * The database engine: its mount; per server Vault's admin password (generated, and written to KV for the server to
   * create that user with) and the connection; per client its role. Returns the roles (the policies name their paths).
   */
  private mysqlEngine(name: string, args: VaultBackendArgs, mysql: MysqlEngineSettings, kv: vault.Mount, inVault: pulumi.CustomResourceOptions) {
    const mount = new vault.Mount(
      `${name}-database`,
      { path: mysql.mount, type: "database", description: "Generated MySQL users of the e-commerce services (one per client and lease)" },
      inVault,
    );
    const roles = mysqlRoles(mysql);
    const made: pulumi.Resource[] = [];
    for (const server of mysql.servers) {
      const password = new random.RandomPassword(`${name}-${server.name}-vault-admin`, { length: 32, special: false }, { parent: this }).result;
      // The bootstrap document: the server's init creates Vault's user from it; `rotate-root` then changes the
      // password in Vault alone (this document is stale from then on, and Pulumi sees no change to send again).
      new vault.kv.SecretV2(
        `${name}-${server.name}-vault-admin`,
        {
          mount: kv.path,
          name: vaultAdminDocumentOf(args.environment, server.name),
          dataJson: pulumi.secret(password.apply((p) => JSON.stringify({ username: mysql.adminUsername, password: p }))),
        },
        inVault,
      );
      const connection = new vault.database.SecretBackendConnection(
        `${name}-${server.name}`,
        {
          backend: mount.path,
          name: server.name,
          allowedRoles: roles.filter((r) => r.server === server.name).map((r) => r.name),
          // The server may not be up when Vault is configured; Vault connects at the first request.
          verifyConnection: false,
          mysql: { connectionUrl: mysqlConnectionUrl(server), username: mysql.adminUsername, password: pulumi.secret(password) },
        },
        inVault,
      );
      for (const role of roles.filter((r) => r.server === server.name)) {
        made.push(
          new vault.database.SecretBackendRole(
            `${name}-${role.name}`,
            {
              backend: mount.path,
              name: role.name,
              dbName: connection.name,
              creationStatements: role.creationStatements,
              revocationStatements: role.revocationStatements,
              defaultTtl: mysql.ttlSeconds,
              maxTtl: mysql.maxTtlSeconds,
            },
            inVault,
          ),
        );
      }
    }
    return made;
  }
}
