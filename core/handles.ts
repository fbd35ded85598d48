/** What the platform hands every concern's component besides its settings: the providers and the namespaces. */
import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type * as vault from "@pulumi/vault";

/** A namespace the platform declared: create objects inside it with `dependsOn` on `namespace`. */
export interface NamespaceHandle {
  /** The Namespace resource. */
  readonly namespace: k8s.core.v1.Namespace;
}

/** Providers, namespaces and what earlier concerns made that later ones wait for. */
export interface PlatformHandles {
  /** The Kubernetes provider every Kubernetes object uses (the platform passes it as the default provider too). */
  readonly kubernetes: k8s.Provider;
  /** The AWS provider (region from config), when the stack may use AWS and names a region. */
  readonly aws?: aws.Provider;
  /** The Vault provider (token from VAULT_TOKEN), when the stack may use Vault and configures it. */
  readonly vault?: vault.Provider;
  /** The namespaces the platform declared, by name. */
  readonly namespaces: ReadonlyMap<string, NamespaceHandle>;
  /** Resources a concern's objects must wait for, by what they provide (e.g. `certificates`: the issuers are ready). */
  readonly dependencies: ReadonlyMap<string, readonly pulumi.Resource[]>;
}
