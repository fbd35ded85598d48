/**
 * Network: the catalog's NetworkPolicies on top of each namespace's default-deny (from SecureNamespace): per
 * service an ingress policy (exactly its callers and ports) and an egress policy (exactly its dependencies and
 * ports, DNS to kube-dns, istiod with the mesh, external destinations as ipBlocks), and with incident response on,
 * the `incident-isolation` policy in every app namespace. Built in components/network/network-policies.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogNetworkPolicies } from "./network-policies";
import { ISOLATED, ISOLATION_LABEL } from "../../core/zero-trust/selectors";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /** The platform context: catalog, network peers, cluster ranges, feature toggles and the declared namespaces. */
  ctx: PlatformContext;
}

/** NetworkPolicies derived from the service catalog. */
export class Network extends pulumi.ComponentResource {
  /** `namespace/name` of every NetworkPolicy this component created. */
  readonly policies: string[];
  /** The pod label (`key=value`) that cuts a pod off: every allow policy excludes pods carrying it. */
  readonly isolationLabel: string;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Network", name, {}, opts);
    const { config, namespaces } = args.ctx;
    const manifests = catalogNetworkPolicies(config);
    for (const manifest of manifests) {
      const namespace = namespaces.get(manifest.metadata.namespace)?.namespace;
      createObject(manifest as unknown as Manifest, { parent: this, dependsOn: namespace ? [namespace] : [] });
    }
    this.policies = manifests.map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    this.isolationLabel = `${ISOLATION_LABEL}=${ISOLATED}`;
    this.registerOutputs({ policies: this.policies, isolationLabel: this.isolationLabel });
  }
}
