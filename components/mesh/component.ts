/**
 * Mesh: Istio mutual TLS and authorization from the catalog (features.mesh): PeerAuthentication STRICT and an
 * allow-nothing AuthorizationPolicy per app namespace, a DestinationRule with ISTIO_MUTUAL per service, and per
 * called service an ALLOW policy naming each caller's service-account principal and ports.
 * Istio itself (istiod with the CNI node agent, so injected pods need no NET_ADMIN init container and stay
 * restricted) is a prerequisite of the cluster; its CRDs must exist. Built in components/mesh/manifests.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogMeshObjects } from "./manifests";
import type { ResolvedMesh } from "./settings";
import type { PlatformHandles } from "../../core/handles";
import { createObject, type Manifest } from "../../core/kubernetes-object";

/** Arguments of {@link Mesh}: the resolved mesh settings and the handles it needs. */
export interface MeshArgs {
  /** Resolved settings: catalog, the platform callers' identities and the trust domain. */
  settings: ResolvedMesh;
  /** Providers and namespaces the platform owns (each object waits for its namespace). */
  handles: PlatformHandles;
}

/** Istio mTLS and service-account authorization derived from the service catalog. */
export class Mesh extends pulumi.ComponentResource {
  /** The SPIFFE trust domain the principals use. */
  readonly trustDomain: string;

  constructor(name: string, { settings, handles }: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Mesh", name, {}, opts);
    for (const manifest of catalogMeshObjects(settings) as Manifest[]) {
      const namespace = handles.namespaces.get(manifest.metadata.namespace ?? "")?.namespace;
      createObject(manifest, { parent: this, dependsOn: namespace ? [namespace] : [] });
    }
    this.trustDomain = settings.trustDomain;
    this.registerOutputs({ trustDomain: this.trustDomain });
  }
}
