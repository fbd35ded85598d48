/**
 * Rbac: the catalog's identities. Per service a ServiceAccount (no API token unless the catalog says the service
 * needs the API; the registry pull secret when the stack syncs one) and, when the catalog grants it Secrets or
 * ConfigMaps, a Role that may `get` exactly those by name and its RoleBinding. The rules are built and checked in
 * components/rbac/manifests.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogRbac } from "./manifests";
import type { ResolvedRbac } from "./settings";
import type { PlatformHandles } from "../../core/handles";
import { createObject, logicalName, type Manifest } from "../../core/kubernetes-object";

/** Arguments of {@link Rbac}: the resolved RBAC settings and the handles it needs. */
export interface RbacArgs {
  /** Resolved settings: the catalog and the registry pull secret. */
  settings: ResolvedRbac;
  /** Providers and namespaces the platform owns (the objects wait for their namespace). */
  handles: PlatformHandles;
}

/** ServiceAccounts, Roles and RoleBindings derived from the service catalog. */
export class Rbac extends pulumi.ComponentResource {
  /** ServiceAccount name of each catalog service, by service name (what workloads must set as `serviceAccountName`). */
  readonly serviceAccounts: Record<string, string>;

  constructor(name: string, { settings, handles }: RbacArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Rbac", name, {}, opts);
    const created = new Map<string, pulumi.Resource>();
    for (const manifest of catalogRbac(settings.catalog, settings.pullSecret) as Manifest[]) {
      const namespace = handles.namespaces.get(manifest.metadata.namespace ?? "")?.namespace;
      // A RoleBinding waits for its Role so the subject never points at a missing role during an update.
      const role = manifest.kind === "RoleBinding" ? created.get(logicalName({ kind: "Role", metadata: manifest.metadata })) : undefined;
      const dependsOn = [namespace, role].filter((r): r is pulumi.Resource => r !== undefined);
      created.set(logicalName(manifest), createObject(manifest, { parent: this, dependsOn }));
    }
    this.serviceAccounts = Object.fromEntries(settings.catalog.map((s) => [s.name, s.serviceAccount]));
    this.registerOutputs({ serviceAccounts: this.serviceAccounts });
  }
}
