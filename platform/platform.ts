/**
 * Platform: the root component. It declares the stack's namespaces, makes the providers, and creates one component
 * per present concern by walking the feature list (platform/features.ts) in order. Add a concern there, not here.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { SecureNamespace } from "../components/namespaces/secure-namespace";
import { platformAwsRegion } from "../core/aws-region";
import type { PlatformHandles } from "../core/handles";
import type { ProgramConfig } from "./config/load";
import { resolveStack, type AnyFeature } from "./resolve";

/** Arguments of {@link Platform}. */
export interface PlatformArgs {
  /** The validated stack configuration, credentials as Pulumi secrets (platform/config/load.ts). */
  config: ProgramConfig;
  /** The concerns to walk; the program's list (platform/features.ts) unless a test tries another. */
  features?: readonly AnyFeature[];
}

/** The whole security layer of one stack. */
export class Platform extends pulumi.ComponentResource {
  /** Names of the namespaces this stack declares. */
  readonly namespaceNames: string[];
  /**
   * The stack outputs (what index.ts exports): `namespaces` and what the present concerns contribute
   * (internalCaCertificate, sealedSecretsCertificate, auditPolicy, eksControlPlaneLogTypes), leaving out those whose
   * concern is absent so Pulumi shows no "undefined value" warnings.
   */
  readonly stackOutputs: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Platform", name, {}, opts);
    const config = args.config;
    const resolved = resolveStack(config, args.features);
    const kubernetes = new k8s.Provider(`${name}-kubernetes`, kubernetesProviderArgs(config), { parent: this });
    const child = { parent: this, providers: { kubernetes } };

    const namespaces = new Map(
      resolved.namespaces.map((spec) => [
        spec.name,
        new SecureNamespace(
          spec.name,
          {
            ...spec,
            quota: config.namespaceDefaults.quota,
            limitRange: config.namespaceDefaults.limitRange,
            // Namespaces holding data (anything but the stateless edge and backend tiers) survive a mistaken destroy.
            protect: config.protect && config.catalog.some((s) => s.namespace === spec.name && s.tier !== "edge" && s.tier !== "backend"),
          },
          child,
        ),
      ]),
    );
    const dependencies = new Map<string, readonly pulumi.Resource[]>();
    const handles: PlatformHandles = { kubernetes, namespaces, dependencies, ...this.cloudProviders(name, config) };

    const outputs: Record<string, pulumi.Input<unknown> | undefined> = { namespaces: resolved.namespaces.map((n) => n.name) };
    for (const { feature, settings } of resolved.present) {
      const instance = feature.create(settings, handles, child);
      Object.assign(outputs, instance.outputs);
      for (const [key, resources] of Object.entries(instance.provides ?? {})) dependencies.set(key, resources);
    }
    this.namespaceNames = resolved.namespaces.map((n) => n.name);
    this.stackOutputs = Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as Record<string, pulumi.Input<unknown>>;
    this.registerOutputs(this.stackOutputs);
  }

  /** The AWS provider (region from secrets.aws or backup) and the Vault provider, where the stack may use them. */
  private cloudProviders(name: string, config: ProgramConfig): Pick<PlatformHandles, "aws" | "vault"> {
    const awsRegion = platformAwsRegion(config);
    return {
      aws: config.capabilities.aws && awsRegion ? new aws.Provider(`${name}-aws`, { region: awsRegion as aws.Region }, { parent: this }) : undefined,
      vault:
        config.capabilities.vault && config.secrets.vault
          ? new vault.Provider(`${name}-vault`, { address: config.secrets.vault.address, skipChildToken: true }, { parent: this })
          : undefined,
    };
  }
}

/** How the Kubernetes provider reaches the cluster: a kubeconfig path/context, another stack's output, or the ambient kubeconfig. */
function kubernetesProviderArgs(config: ProgramConfig): k8s.ProviderArgs {
  const cluster = config.cluster;
  if (cluster.stackReference) {
    const ref = new pulumi.StackReference(cluster.stackReference.stack);
    return { kubeconfig: ref.requireOutput(cluster.stackReference.kubeconfigOutput).apply((v) => String(v)) };
  }
  return {
    kubeconfig: cluster.kubeconfig,
    context: cluster.context,
    // Server-side apply gives field ownership and conflict detection with other controllers.
    enableServerSideApply: true,
  };
}
