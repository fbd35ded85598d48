/**
 * ImageSignatures: sigstore policy-controller and the ClusterImagePolicy requiring the platform's cosign signature on
 * every image from the private registry in opted-in namespaces (the app namespaces carry the opt-in label, see
 * platform/namespaces.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScanningConfig } from "../scanning/schema";
import { operatorNetworkPolicyManifest } from "../../core/operator-network-policy";
import { clusterImagePolicyManifest, IMAGE_POLICY_NAME } from "./image-policy";
import { policyControllerValues } from "./policy-controller-values";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link ImageSignatures}. */
export interface ImageSignaturesArgs {
  /** The platform context: configuration, declared namespaces, providers. */
  ctx: PlatformContext;
  /** Config `scanning.signatures`: the registry glob, the public key, the mode. */
  signatures: NonNullable<ScanningConfig["signatures"]>;
  /** Namespace of policy-controller. */
  namespace?: string;
}

const defaults = { namespace: "cosign-system", releaseName: "policy-controller", webhookPort: 8443 } as const;

/** Image signature verification at admission. */
export class ImageSignatures extends pulumi.ComponentResource {
  /** Name of the ClusterImagePolicy. */
  readonly policyName: string;

  constructor(name: string, args: ImageSignaturesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:ImageSignatures", name, {}, opts);
    const a = { ...defaults, ...args };
    const nsResource = a.ctx.namespaces.get(a.namespace)?.namespace;
    const inside = { parent: this, dependsOn: nsResource ? [nsResource] : [] };

    createObject(
      operatorNetworkPolicyManifest({
        namespace: a.namespace,
        name: "image-signatures-webhook",
        component: "image-signatures",
        podCidrs: a.ctx.config.cluster.podCidrs,
        dns: a.ctx.config.network.dns,
        // The API server calls the admission webhook; it sits outside the pod network, so the port is open to all sources.
        ingressPorts: [a.webhookPort],
      }),
      inside,
    );
    const release = hardenedRelease(
      `${name}-policy-controller`,
      {
        chart: "policy-controller",
        releaseName: a.releaseName,
        namespace: a.namespace,
        values: policyControllerValues(a.signatures),
        overrides: a.ctx.config.charts,
        // The ClusterImagePolicy is validated by the webhook: it must be serving first.
        waitForReady: true,
      },
      inside,
    );
    createObject(clusterImagePolicyManifest(a.signatures), { parent: this, dependsOn: [release] });

    this.policyName = IMAGE_POLICY_NAME;
    this.registerOutputs({ policyName: this.policyName });
  }
}
