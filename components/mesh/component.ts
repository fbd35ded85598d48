/**
 * Mesh: Istio mutual TLS and authorization from the catalog (features.mesh): PeerAuthentication STRICT and an
 * allow-nothing AuthorizationPolicy per app namespace, a DestinationRule with ISTIO_MUTUAL per service, and per
 * called service an ALLOW policy naming each caller's service-account principal and ports.
 * Istio itself (istiod with the CNI node agent, so injected pods need no NET_ADMIN init container and stay
 * restricted) is a prerequisite of the cluster; its CRDs must exist. Built in components/mesh/manifests.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogMeshObjects } from "./manifests";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Mesh}. */
export interface MeshArgs {
  /** The platform context: catalog, mesh trust domain, network peers (their principals) and the declared namespaces. */
  ctx: PlatformContext;
}

/** Istio mTLS and service-account authorization derived from the service catalog. */
export class Mesh extends pulumi.ComponentResource {
  /** The SPIFFE trust domain the principals use. */
  readonly trustDomain: string;

  constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Mesh", name, {}, opts);
    const { config, namespaces } = args.ctx;
    for (const manifest of catalogMeshObjects(config) as Manifest[]) {
      const namespace = namespaces.get(manifest.metadata.namespace ?? "")?.namespace;
      createObject(manifest, { parent: this, dependsOn: namespace ? [namespace] : [] });
    }
    this.trustDomain = config.mesh.trustDomain;
    this.registerOutputs({ trustDomain: this.trustDomain });
  }
}
