/**
 * Rbac: the catalog's identities. Per service a ServiceAccount (no API token unless the catalog says the service
 * needs the API) and, when the catalog grants it Secrets or ConfigMaps, a Role that may `get` exactly those by name
 * and its RoleBinding. The rules are built and checked in components/rbac/manifests.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogRbac } from "./manifests";
import { imagePullSecretsFor } from "../secrets/registry-pull-secret";
import { createObject, logicalName, type Manifest } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Rbac}. */
export interface RbacArgs {
  /** The platform context: the catalog (config) and the declared namespaces the objects depend on. */
  ctx: PlatformContext;
}

/** ServiceAccounts, Roles and RoleBindings derived from the service catalog. */
export class Rbac extends pulumi.ComponentResource {
  /** ServiceAccount name of each catalog service, by service name (what workloads must set as `serviceAccountName`). */
  readonly serviceAccounts: Record<string, string>;

  constructor(name: string, args: RbacArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Rbac", name, {}, opts);
    const { config, namespaces } = args.ctx;
    const created = new Map<string, pulumi.Resource>();
    for (const manifest of catalogRbac(config.catalog) as Manifest[]) {
      // The registry pull secret the secrets layer syncs into the namespace (none when it syncs none).
      const pullSecrets = manifest.kind === "ServiceAccount" ? imagePullSecretsFor(config, manifest.metadata.namespace ?? "") : [];
      if (pullSecrets.length > 0) manifest.imagePullSecrets = pullSecrets;
      const namespace = namespaces.get(manifest.metadata.namespace ?? "")?.namespace;
      // A RoleBinding waits for its Role so the subject never points at a missing role during an update.
      const role = manifest.kind === "RoleBinding" ? created.get(logicalName({ kind: "Role", metadata: manifest.metadata })) : undefined;
      const dependsOn = [namespace, role].filter((r): r is pulumi.Resource => r !== undefined);
      created.set(logicalName(manifest), createObject(manifest, { parent: this, dependsOn }));
    }
    this.serviceAccounts = Object.fromEntries(config.catalog.map((s) => [s.name, s.serviceAccount]));
    this.registerOutputs({ serviceAccounts: this.serviceAccounts });
  }
}
