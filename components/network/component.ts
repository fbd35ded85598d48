/**
 * Network: the catalog's NetworkPolicies on top of each namespace's default-deny (from SecureNamespace): per
 * service an ingress policy (exactly its callers and ports) and an egress policy (exactly its dependencies and
 * ports, DNS to kube-dns, istiod with the mesh, external destinations as ipBlocks), and with incident response on,
 * the `incident-isolation` policy in every namespace the stack declares. Built in components/network/network-policies.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogNetworkPolicies } from "./network-policies";
import type { ResolvedNetwork } from "./settings";
import type { PlatformHandles } from "../../core/handles";
import { ISOLATED, ISOLATION_LABEL } from "../../core/zero-trust/selectors";
import { createObject, type Manifest } from "../../core/kubernetes-object";

/** Arguments of {@link Network}: the resolved network settings and the handles it needs. */
export interface NetworkArgs {
  /** Resolved settings: catalog, platform peers, cluster ranges, istiod when the mesh is on, the isolation switch. */
  settings: ResolvedNetwork;
  /** Providers and namespaces the platform owns (each policy waits for its namespace). */
  handles: PlatformHandles;
}

/** NetworkPolicies derived from the service catalog. */
export class Network extends pulumi.ComponentResource {
  /** `namespace/name` of every NetworkPolicy this component created. */
  readonly policies: string[];
  /** The pod label (`key=value`) that cuts a pod off: every allow policy excludes pods carrying it. */
  readonly isolationLabel: string;

  constructor(name: string, { settings, handles }: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Network", name, {}, opts);
    // The isolation policy goes to every namespace the stack declares, not only the catalog's.
    const manifests = catalogNetworkPolicies(settings, [...handles.namespaces.keys()]);
    for (const manifest of manifests) {
      const namespace = handles.namespaces.get(manifest.metadata.namespace)?.namespace;
      createObject(manifest as unknown as Manifest, { parent: this, dependsOn: namespace ? [namespace] : [] });
    }
    this.policies = manifests.map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    this.isolationLabel = `${ISOLATION_LABEL}=${ISOLATED}`;
    this.registerOutputs({ policies: this.policies, isolationLabel: this.isolationLabel });
  }
}
