/**
 * The whole-configuration context the concerns not yet moved to resolved settings still read. Each concern that
 * receives only its resolved settings and the handles stops importing this file; it goes when the last one does.
 */
import type { NamespaceHandle, PlatformHandles } from "../core/handles";
import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import type * as vault from "@pulumi/vault";
import type { PlatformConfig } from "../core/config/platform";
import type { ProgramConfig } from "./config/load";

/** What a concern that still reads the whole configuration receives. */
export interface PlatformContext {
  /** The validated stack configuration (credentials as Pulumi secrets). */
  config: ProgramConfig;
  /** The Kubernetes provider every Kubernetes object uses. */
  kubernetes: k8s.Provider;
  /** Declared namespaces by name; create objects inside with `dependsOn` on the namespace. */
  namespaces: ReadonlyMap<string, NamespaceHandle>;
  /** The AWS provider, when the stack may use AWS and names a region. */
  aws?: aws.Provider;
  /** The Vault provider, when the stack may use Vault and configures it. */
  vault?: vault.Provider;
}

/** The context of a concern from the whole configuration and the platform's handles. */
export function legacyContext(config: LegacyConfig, handles: PlatformHandles): PlatformContext {
  return { config: config as ProgramConfig, kubernetes: handles.kubernetes, namespaces: handles.namespaces, aws: handles.aws, vault: handles.vault };
}

/**
 * The configuration a concern that still reads other concerns' sections is typed with: the platform-wide keys and,
 * loosely, every section. (Typing it as the parsed StackConfig would make the schema's type depend on itself.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LegacyConfig = PlatformConfig<any> & { readonly [section: string]: any };
