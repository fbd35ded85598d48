/**
 * ImageSignatures: sigstore policy-controller refusing, in opted-in namespaces (the app namespaces carry the opt-in
 * label, see platform/resolve.ts), every image no ClusterImagePolicy verifies: the platform's cosign signature on every
 * image from the private registry, and the publisher's (or the platform's countersignature) on each third-party
 * image the platform runs there.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import { operatorNetworkPolicyManifests } from "../../core/operator-network-policy";
import { clusterImagePolicyManifest, IMAGE_POLICY_NAME, thirdPartyImagePolicyManifest } from "./image-policy";
import { POLICY_CONTROLLER_RELEASE, POLICY_CONTROLLER_WEBHOOK_POD_LABELS, POLICY_CONTROLLER_WEBHOOK_PORT } from "./names";
import { policyControllerValues } from "./policy-controller-values";
import type { ResolvedImageSignatures } from "./settings";

/** Arguments of {@link ImageSignatures}: the resolved image-signatures settings and the handles it needs. */
export interface ImageSignaturesArgs {
  /** Resolved settings: every default already filled in by the resolve step (./settings). */
  settings: ResolvedImageSignatures;
  /** Providers and namespaces the platform owns. */
  handles: PlatformHandles;
}

/** Image signature verification at admission. */
export class ImageSignatures extends pulumi.ComponentResource {
  /** Name of the ClusterImagePolicy. */
  readonly policyName: string;

  constructor(name: string, { settings, handles }: ImageSignaturesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:ImageSignatures", name, {}, opts);
    const nsResource = handles.namespaces.get(settings.namespace)?.namespace;
    const inside = { parent: this, dependsOn: nsResource ? [nsResource] : [] };

    for (const policy of operatorNetworkPolicyManifests({
      namespace: settings.namespace,
      name: "image-signatures",
      component: "image-signatures",
      podCidrs: settings.podCidrs,
      destinations: settings.destinations,
      dns: settings.dns,
      // The API server calls the admission webhook on the webhook's pods (not the lease-cleanup hook's).
      apiServerIngress: { pods: POLICY_CONTROLLER_WEBHOOK_POD_LABELS, ports: [POLICY_CONTROLLER_WEBHOOK_PORT] },
    })) {
      createObject(policy, inside);
    }
    const release = hardenedRelease(
      `${name}-policy-controller`,
      {
        chart: "policy-controller",
        releaseName: POLICY_CONTROLLER_RELEASE,
        namespace: settings.namespace,
        values: policyControllerValues({ ...settings.signatures, ...settings.images }),
        overrides: settings.chartOverrides,
        // The ClusterImagePolicy is validated by the webhook: it must be serving first.
        waitForReady: true,
      },
      inside,
    );
    createObject(clusterImagePolicyManifest(settings.signatures), { parent: this, dependsOn: [release] });
    const { thirdPartySigners, countersignatures, cosignPublicKey, mode } = settings.signatures;
    for (const image of settings.appNamespaceImages) {
      const policy = thirdPartyImagePolicyManifest(
        image,
        thirdPartySigners[image.name],
        countersignatures ? { cosignPublicKey, repository: countersignatures } : undefined,
        mode,
      );
      createObject(policy, { parent: this, dependsOn: [release] });
    }

    this.policyName = IMAGE_POLICY_NAME;
    this.registerOutputs({ policyName: this.policyName });
  }
}
