/**
 * The resolve step: from the validated configuration to what each concern gets. A concern is present (its settings
 * with every default filled) or absent; the namespaces the stack declares come from the catalog and from the present
 * concerns, each with the Pod Security level it runs at.
 */
import type { NamespaceSpec } from "../components/namespaces/manifests";
import type { ConfigIssue } from "../core/config/errors";
import type { PlatformConfig } from "../core/config/platform";
import type { Feature, FeatureNamespace, FeaturePodSecurityExemption, FeaturePolicyException } from "../core/feature";
import { admits, morePermissive } from "../core/pod-security-levels";
import { features as platformFeatures } from "./features";
import { catalogNamespaces } from "../core/catalog";
import { imageRepositoryPrefix } from "../core/chart-images";

/** A feature of any configuration and settings type, as the platform walks them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFeature = Feature<any, any>;

/** A concern present in this stack, with its resolved settings. */
export interface PresentFeature {
  feature: AnyFeature;
  settings: unknown;
}

/** What the platform builds from. */
export interface ResolvedStack {
  /** The concerns present, in the order of the feature list. */
  present: PresentFeature[];
  /** Every namespace the stack declares: the catalog's first, then the concerns', each once. */
  namespaces: NamespaceSpec[];
  /** What only the resolved settings show to be wrong (a level stricter than a concern needs). */
  issues: ConfigIssue[];
  /** The reviewed policy exceptions the present concerns need, in the order of the feature list. */
  policyExceptions: FeaturePolicyException[];
  /** The Pod Security exemptions of the present concerns' workloads, in the order of the feature list. */
  podSecurityExemptions: FeaturePodSecurityExemption[];
  /**
   * With `images.registryMirror`: the repository prefixes the policy pack admits images from, the mirror first, then
   * the organisation of each image the present concerns' own workloads run; undefined: the pack's default allow-list.
   */
  allowedRegistries?: string[];
}

/** Resolve every feature of the list against the validated configuration. */
export function resolveStack(config: PlatformConfig<unknown>, list: readonly AnyFeature[] = platformFeatures): ResolvedStack {
  const present = list.flatMap((feature): PresentFeature[] => {
    const settings = feature.resolve(config);
    return settings === undefined ? [] : [{ feature, settings }];
  });
  const declared = present.flatMap(({ feature, settings }) => (feature.namespaces?.(settings) as FeatureNamespace[] | undefined) ?? []);
  const policyExceptions = present.flatMap(({ feature, settings }) => (feature.policyExceptions?.(settings) as FeaturePolicyException[] | undefined) ?? []);
  const podSecurityExemptions = present.flatMap(
    ({ feature, settings }) => (feature.podSecurityExemptions?.(settings) as FeaturePodSecurityExemption[] | undefined) ?? [],
  );
  const ownImages = present.flatMap(({ feature, settings }) => (feature.images?.(settings) as string[] | undefined) ?? []);
  const allowedRegistries = imageAllowList(config.images?.registryMirror, ownImages);
  return { present, policyExceptions, podSecurityExemptions, ...(allowedRegistries ? { allowedRegistries } : {}), ...planNamespaces(config, declared) };
}

/**
 * The policy pack's image allow-list under a registry mirror: the mirror, through which every chart image comes, and
 * the organisation (never the whole registry) of each image the program runs itself, so a chart image that bypassed
 * the mirror is a finding even when its registry hosts one of those images.
 */
export function imageAllowList(mirror: string | undefined, ownImages: readonly string[]): string[] | undefined {
  if (mirror === undefined) return undefined;
  return [...new Set([`${mirror}/`, ...ownImages.map(imageRepositoryPrefix)])];
}

/**
 * Every namespace the stack declares, app namespaces first. A level a concern needs (node collector, node agent,
 * log shipper) applies unless the stack sets one explicitly; an explicit level stricter than the need is an issue.
 */
function planNamespaces(c: PlatformConfig<unknown>, declared: readonly FeatureNamespace[]): Pick<ResolvedStack, "namespaces" | "issues"> {
  const app = catalogNamespaces(c).map((name) => ({
    name,
    purpose: `e-commerce services: ${c.catalog
      .filter((s) => s.namespace === name)
      .map((s) => s.name)
      .join(", ")}`,
    app: true,
  }));
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  const namespaces = [...app.map((n): FeatureNamespace & { app: boolean } => n), ...declared.map((n) => ({ ...n, app: false }))]
    .filter((n) => !seen.has(n.name) && seen.add(n.name))
    .map((n): NamespaceSpec => {
      const entry = c.podSecurity.namespaces[n.name];
      const need = n.podSecurityNeed;
      if (entry && need && !admits(entry.level, need.level)) {
        issues.push({
          key: `podSecurity.namespaces.${n.name}.level`,
          value: entry.level,
          message: `is stricter than namespace ${n.name} needs (${need.level}): ${need.reason}`,
        });
      }
      const level = entry?.level ?? (need ? morePermissive(need.level, c.podSecurity.defaultLevel) : c.podSecurity.defaultLevel);
      return {
        name: n.name,
        purpose: n.purpose,
        level,
        reason: entry?.reason ?? (need && level === need.level ? need.reason : undefined),
        version: c.podSecurity.version,
        mesh: c.features.mesh && n.app,
        imageSignatures: c.features.imageSignatures && n.app,
      };
    });
  return { namespaces, issues };
}
