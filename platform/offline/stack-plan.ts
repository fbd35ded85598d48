/**
 * What the offline plan computes once and writes in several places: the stack's Helm releases (rendered when asked),
 * its pack configuration (the reviewed exceptions its concerns declare) and the policy report over the program's
 * resources plus the rendered chart objects.
 */
import type { PackConfig } from "@ecommerce-security/policy-rules";
import { policyPackConfig, releaseRenderingSettings, withReleaseRendering } from "../policy-pack-config";
import { resolveStack } from "../resolve";
import {
  clusterCapabilities,
  plannedReleases,
  renderedObjects,
  renderReleases,
  type ChartRendering,
  type PlannedRelease,
  type RenderedRelease,
} from "./helm-releases";
import type { StackRun } from "./mock-runtime";
import type { KubernetesObject } from "./recorded-resource";
import { stackPolicyReport, type StackPolicyReport } from "./policy-report";

/** A stack's plan before it is written. */
export interface PreparedPlan {
  /** Every Helm release the program declares. */
  releases: PlannedRelease[];
  /** Each release with its rendered objects (empty without chart rendering). */
  rendered: RenderedRelease[];
  /** The objects the releases render, all together. */
  renderedObjects: KubernetesObject[];
  /** The stack's whole pack configuration, chart exceptions and release rendering included (policy-pack-config.json). */
  packConfig: PackConfig;
  /** The policy report over everything above. */
  report: StackPolicyReport;
}

/**
 * Prepares the plan of a run; with `rendering`, renders every release's chart (helm template).
 * @throws HelmNotFoundError, ChartNotFoundError or RenderError when rendering was asked for and cannot happen.
 */
export function preparePlan(run: StackRun, rendering?: ChartRendering): PreparedPlan {
  const releases = plannedReleases(run.resources);
  const rendered = rendering === undefined ? [] : renderReleases(releases, clusterCapabilities(run.config.cluster), rendering);
  const objects = renderedObjects(rendered);
  const resolved = resolveStack(run.config);
  const exceptions = resolved.policyExceptions;
  // The whole configuration for `pulumi preview --policy-pack-config`, with how the pack renders the releases.
  const packConfig = withReleaseRendering(policyPackConfig(exceptions, resolved), releaseRenderingSettings(run.config.cluster, rendering));
  // Unrendered, chart objects are not judged, so their exceptions would only show as stale.
  const judged = rendering === undefined ? exceptions.filter((e) => e.release === null) : exceptions;
  const renderedReleases = rendered.map((r) => ({ release: r.release.release, objects: r.objects.map((o) => o.object) }));
  const report = stackPolicyReport(run.stack, run.resources, { renderedReleases, packConfig: policyPackConfig(judged, resolved) });
  return { releases, rendered, renderedObjects: objects, packConfig, report };
}
