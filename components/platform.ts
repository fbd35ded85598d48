/**
 * Platform: the root component. It turns the validated stack configuration into the security layer,
 * one child component per concern, in dependency order. Add a component here, not in index.ts.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ProgramConfig } from "../config";
import { planNamespaces } from "../lib/platform/namespaces";
import { SecureNamespace } from "./secure-namespace";

/** Arguments of {@link Platform}. */
export interface PlatformArgs {
  /** The validated stack configuration (config/). */
  config: ProgramConfig;
}

/** What every component receives from the platform. */
export interface PlatformContext {
  /** The validated stack configuration. */
  config: ProgramConfig;
  /** The Kubernetes provider every Kubernetes object uses. */
  kubernetes: k8s.Provider;
  /** Declared namespaces by name; create objects inside with `dependsOn` on the namespace. */
  namespaces: ReadonlyMap<string, SecureNamespace>;
}

/** The whole security layer of one stack. */
export class Platform extends pulumi.ComponentResource {
  /** Names of the namespaces this stack declares. */
  readonly namespaceNames: string[];

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Platform", name, {}, opts);
    const config = args.config;
    const kubernetes = new k8s.Provider(`${name}-kubernetes`, kubernetesProviderArgs(config), { parent: this });
    const child = { parent: this, providers: { kubernetes } };

    const namespaceSpecs = planNamespaces(config);
    const namespaces = new Map(
      namespaceSpecs.map((spec) => [
        spec.name,
        new SecureNamespace(
          spec.name,
          {
            ...spec,
            quota: config.namespaceDefaults.quota,
            limitRange: config.namespaceDefaults.limitRange,
            protect: config.protect && config.catalog.some((s) => s.namespace === spec.name && s.tier !== "edge" && s.tier !== "backend"),
          },
          child,
        ),
      ]),
    );
    const ctx: PlatformContext = { config, kubernetes, namespaces };
    void ctx; // components plug in below, each receiving the context

    this.namespaceNames = namespaceSpecs.map((n) => n.name);
    this.registerOutputs({ namespaceNames: this.namespaceNames });
  }
}

/** How the Kubernetes provider reaches the cluster: a kubeconfig path/context, another stack's output, or the ambient kubeconfig. */
function kubernetesProviderArgs(config: ProgramConfig): k8s.ProviderArgs {
  const c = config.cluster;
  if (c.stackReference) {
    const ref = new pulumi.StackReference(c.stackReference.stack);
    return { kubeconfig: ref.requireOutput(c.stackReference.kubeconfigOutput).apply((v) => String(v)) };
  }
  return {
    kubeconfig: c.kubeconfig,
    context: c.context,
    // Server-side apply gives field ownership and conflict detection with other controllers.
    enableServerSideApply: true,
  };
}
