/**
 * Cross-section checks of the `secrets` section: every secret's backend is configured, every override names a catalog
 * secret, and the AWS stores' IRSA roles have what they need (an EKS cluster and its OIDC provider).
 */
import { cidrsOverlap } from "../../core/cluster-ranges";
import { irsaNeedsEksIssues } from "../../core/irsa";
import { backendOfRegistrySecret, backendOfSecret } from "./backends";
import { planSecretDelivery } from "./delivery-plan";
import { roleNameProblem, storeRoleNameOf } from "./iam-policies";
import type { SecretsFeatureConfig } from "./settings";
import type { ConfigIssue } from "../../core/config/errors";

/** Every problem of the secrets configuration (the backends only matter with features.externalSecrets on). */
export function secretsIssues(c: SecretsFeatureConfig): ConfigIssue[] {
  if (!c.features.externalSecrets) return [];
  const issues = [...secretBackendIssues(c), ...registryNameIssues(c), ...jwtSecretNameIssues(c)];
  if (issues.length === 0) issues.push(...roleNameIssues(c));
  if (c.capabilities.aws && c.secrets.aws) issues.push(...irsaNeedsEksIssues(c.cluster));
  issues.push(...vaultCidrIssues(c));
  issues.push(...mysqlDynamicCredentialIssues(c));
  return issues;
}

/**
 * Each generated MySQL secret names a client that lists it and depends on the server's `mysql` port, and is read from
 * Vault (the engine is Vault's); otherwise its user would be generated for nobody, or the client would still read KV.
 */
export function mysqlDynamicCredentialIssues(c: Pick<SecretsFeatureConfig, "catalog" | "secrets">): ConfigIssue[] {
  const dynamic = c.secrets.vault?.mysqlDynamicCredentials;
  if (!dynamic) return [];
  const issues: ConfigIssue[] = [];
  const known = c.catalog.map((s) => s.name).join(", ");
  for (const [name, entry] of Object.entries(dynamic.secrets)) {
    const key = `secrets.vault.mysqlDynamicCredentials.secrets.${name}`;
    const client = c.catalog.find((s) => s.name === entry.client);
    const server = c.catalog.find((s) => s.name === entry.server);
    if (!client) issues.push({ key: `${key}.client`, value: entry.client, message: `is not a catalog service; known: ${known}` });
    else if (!client.secrets.includes(name)) {
      issues.push({ key: `${key}.client`, value: entry.client, message: `does not list ${name} in its secrets: ${client.secrets.join(", ") || "(none)"}` });
    }
    if (!server) issues.push({ key: `${key}.server`, value: entry.server, message: `is not a catalog service; known: ${known}` });
    else if (!server.ports.some((p) => p.name === "mysql")) {
      issues.push({ key: `${key}.server`, value: entry.server, message: `has no port named mysql; its ports: ${server.ports.map((p) => p.name).join(", ")}` });
    } else if (client && !client.dependsOn.some((d) => d.service === server.name && d.ports.includes("mysql"))) {
      issues.push({ key: `${key}.server`, value: entry.server, message: `${client.name} does not depend on ${server.name}'s mysql port` });
    }
    if (backendOfSecret(c, name) !== "vault") {
      issues.push({ key, message: "is read from AWS (secrets.backendOverrides or defaultBackend): generated credentials come from Vault only" });
    }
  }
  return issues;
}

/** Vault's declared ranges are a destination of the External Secrets controller: never the pod network. */
export function vaultCidrIssues(c: Pick<SecretsFeatureConfig, "secrets" | "cluster">): ConfigIssue[] {
  return (c.secrets.vault?.cidrs ?? []).flatMap((cidr, i) => {
    const pods = c.cluster.podCidrs.filter((p) => cidrsOverlap(cidr, p));
    return pods.length > 0
      ? [
          {
            key: `secrets.vault.cidrs[${i}]`,
            value: cidr,
            message: `overlaps the pod network (${pods.join(", ")}): the operator must never reach the shop's pods by address`,
          },
        ]
      : [];
  });
}

/** Problems with where the catalog's secrets come from (only meaningful when features.externalSecrets is on). */
export function secretBackendIssues(c: Pick<SecretsFeatureConfig, "catalog" | "secrets" | "cluster">): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const catalogSecrets = [...new Set(c.catalog.flatMap((s) => s.secrets))].sort();
  const users = { vault: [] as string[], aws: [] as string[] };
  for (const name of catalogSecrets) users[backendOfSecret(c, name)].push(name);
  if (c.secrets.registry) users[backendOfRegistrySecret(c)].push(`${c.secrets.registry.secretName} (registry)`);
  for (const backend of ["vault", "aws"] as const) {
    if (users[backend].length > 0 && !c.secrets[backend]) {
      issues.push({
        key: `secrets.${backend}`,
        message: `is required: these secrets are read from ${backend}: ${users[backend].join(", ")} (set secrets.${backend}, or change secrets.defaultBackend / secrets.backendOverrides)`,
      });
    }
  }
  if (users.aws.length > 0 && c.secrets.aws && !c.cluster.oidcProviderArn) {
    issues.push({ key: "cluster.oidcProviderArn", message: `is required: the AWS stores (for ${users.aws.join(", ")}) authenticate through IRSA` });
  }
  for (const [name, backend] of Object.entries(c.secrets.backendOverrides)) {
    if (!catalogSecrets.includes(name)) {
      issues.push({ key: `secrets.backendOverrides.${name}`, value: backend, message: `names no secret of the catalog; known: ${catalogSecrets.join(", ")}` });
    }
  }
  return issues;
}

/** The registry pull secret goes into every app namespace: it must not take the name of a catalog secret there. */
export function registryNameIssues(c: Pick<SecretsFeatureConfig, "catalog" | "secrets">): ConfigIssue[] {
  const name = c.secrets.registry?.secretName;
  const owner = name === undefined ? undefined : c.catalog.find((s) => s.secrets.includes(name));
  if (!name || !owner) return [];
  return [
    {
      key: "secrets.registry.secretName",
      value: name,
      message: `is also a catalog secret of ${owner.name} in namespace ${owner.namespace}; choose another name`,
    },
  ];
}

/**
 * The JWT secrets this program writes to AWS must be the ones the catalog's services read: a verifying secret named
 * otherwise than the gateway's (`naming.jwtSecret`) would be written where nobody reads it, while the gateway's
 * ExternalSecret asks another backend for a document nobody writes.
 */
export function jwtSecretNameIssues(c: Pick<SecretsFeatureConfig, "catalog" | "secrets">): ConfigIssue[] {
  const aws = c.secrets.aws;
  if (!aws) return [];
  const catalogSecrets = [...new Set(c.catalog.flatMap((s) => s.secrets))].sort();
  const hint = { jwtPublicKeySecretName: "naming.jwtSecret", jwtSigningKeySecretName: "services.auth-service.secrets" } as const;
  return (["jwtPublicKeySecretName", "jwtSigningKeySecretName"] as const)
    .filter((key) => !catalogSecrets.includes(aws[key]))
    .map((key) => ({
      key: `secrets.aws.${key}`,
      value: aws[key],
      message: `is no secret of the catalog's services, so no service would receive it; name it in ${hint[key]} too (catalog secrets: ${catalogSecrets.join(", ")})`,
    }));
}

/** The IRSA roles of the AWS stores must have names IAM accepts (the stores themselves come from the delivery plan). */
function roleNameIssues(c: SecretsFeatureConfig): ConfigIssue[] {
  if (!c.secrets.aws || !c.capabilities.aws) return [];
  const awsScopes = planSecretDelivery(c).scopes.filter((scope) => scope.readable.aws);
  return awsScopes.flatMap((scope) => {
    const problem = roleNameProblem(storeRoleNameOf(c.cluster.name, scope));
    return problem ? [{ key: "cluster.name", value: c.cluster.name, message: problem }] : [];
  });
}
