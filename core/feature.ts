/**
 * The contract of a security concern. Each folder under components/ exports one Feature; the platform walks the
 * ordered list (platform/features.ts) to compose the configuration schema, run the checks, resolve the settings,
 * declare the namespaces with their Pod Security needs, and create the components. Adding a concern is one folder
 * and one line in that list.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ConfigIssue } from "./config/errors";
import type { PlatformConfig } from "./config/platform";
import type { PlatformHandles } from "./handles";
import type { PodSecurityNeed } from "./pod-security-levels";

/** A `features.<name>` switch a concern owns. */
export interface FeatureSwitch {
  /** What turning it on deploys (the docs of `features.<name>`). */
  description: string;
  /** Whether it is on when a stack does not set it. */
  default: boolean;
}

/** A namespace a concern declares. */
export interface FeatureNamespace {
  /** Namespace name. */
  name: string;
  /** What runs in it, for people (the namespace's description annotation). */
  purpose: string;
  /** A Pod Security level below restricted that what the concern runs there needs, and why. */
  podSecurityNeed?: PodSecurityNeed;
}

/**
 * A reviewed exception a concern needs from the policy pack: one object breaching one rule, with the reason the
 * privilege is genuinely needed (cert-manager's controller lists Secrets). The plan's policy report and the pack
 * configuration it writes (policy-pack-config.json) carry them; they are shown with their reason, never silent.
 */
export interface FeaturePolicyException {
  /** The rule's name (`rbac-no-secret-list-watch`). */
  rule: string;
  /** The object as findings name it: `<Kind> <namespace>/<name>`, or `<Kind> <name>` when cluster-scoped. */
  resource: string;
  /** Why the breach is needed and accepted. */
  reason: string;
  /**
   * The Helm release whose rendered object it covers (`cert-manager`), or null for an object the program declares
   * itself. Chart objects are judged only when the plan renders the charts, so without rendering these are left out
   * of the report rather than listed as stale.
   */
  release: string | null;
}

/**
 * A workload's exemption from some Pod Security controls, inside a namespace the concern needs below restricted
 * (its {@link FeatureNamespace.podSecurityNeed}). The pack judges every workload at restricted; this names the few
 * controls one workload may break and why. Pod Security Admission itself only knows namespaces: the pack is finer.
 */
export interface FeaturePodSecurityExemption {
  /** The namespace (one the concern declares with a need below restricted). */
  namespace: string;
  /** The object carrying the pod: `<Kind>/<name>` (`DaemonSet/fluent-bit`). */
  workload: string;
  /** The Pod Security controls (upstream check IDs: `hostPathVolumes`, `runAsNonRoot`, ...) it may break. */
  controls: readonly string[];
  /** With `hostPathVolumes`: the host directories its hostPath volumes may use, and whether only read-only. */
  hostPaths?: ReadonlyArray<{ path: string; readOnly: boolean }>;
  /** Why it needs them. */
  reason: string;
}

/**
 * A catalog service a concern places in a namespace of its own whatever the catalog says (the PCI-DSS zone): the
 * platform moves it once, before the checks, so every concern derives its objects from the same placed catalog.
 */
export interface ServicePlacement {
  /** The catalog service. */
  service: string;
  /** The namespace it runs in. */
  namespace: string;
  /** The configuration that places it there, for messages (`compliance.pciDss`). */
  reason: string;
}

/** What a concern's component hands back to the platform. */
export interface FeatureInstance {
  /** The concern's ComponentResource. */
  component: pulumi.ComponentResource;
  /** Stack outputs it contributes (left out when undefined). */
  outputs?: Readonly<Record<string, pulumi.Input<unknown> | undefined>>;
  /** What later concerns may wait for, by name (see {@link PlatformHandles.dependencies}). */
  provides?: Readonly<Record<string, readonly pulumi.Resource[]>>;
}

/**
 * One security concern.
 * @typeParam Config  the part of the validated configuration it reads: the platform-wide keys plus its own sections.
 * @typeParam Settings  its resolved settings: every default filled, credentials present; what its component gets.
 */
export interface Feature<Config extends PlatformConfig<unknown> = PlatformConfig<unknown>, Settings = unknown> {
  /** The concern's name: its component's name (`backup`) and the folder it lives in. */
  readonly name: string;
  /** The `features.*` switches it owns (a concern that is always on, such as RBAC, owns none). */
  readonly switches?: Readonly<Record<string, FeatureSwitch>>;
  /** The top-level configuration sections it owns, by key, each a zod schema (components/<concern>/schema.ts). */
  readonly sections?: Readonly<Record<string, z.ZodType>>;
  /** Catalog services it places in a namespace of its own, from the validated configuration (before any check). */
  placeServices?(config: Config): ServicePlacement[];
  /** Problems of its settings against the rest of the configuration (what its checks.ts finds). */
  checks?(config: Config): ConfigIssue[];
  /** Its settings with every default filled, or undefined when the concern is absent from this stack. */
  resolve(config: Config): Settings | undefined;
  /** The namespaces it declares when present, with what it needs of Pod Security there. */
  namespaces?(settings: Settings): FeatureNamespace[];
  /** The reviewed policy exceptions what it deploys needs (chart privileges), given its settings. */
  policyExceptions?(settings: Settings): FeaturePolicyException[];
  /** The Pod Security controls its workloads in its relaxed namespaces may break, one workload at a time. */
  podSecurityExemptions?(settings: Settings): FeaturePodSecurityExemption[];
  /**
   * The images its own workloads run, as configured (not its charts', which `images.registryMirror` decides): with a
   * mirror, the policy pack admits images from these images' organisations and the mirror only.
   */
  images?(settings: Settings): string[];
  /** Create its component from its settings and the platform's handles. */
  create(settings: Settings, handles: PlatformHandles, opts: pulumi.ComponentResourceOptions): FeatureInstance;
}
