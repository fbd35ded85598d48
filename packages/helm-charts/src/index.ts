// Public API: find helm, locate a pinned chart's package, render a release (once, unknowns handled), judge what it
// renders with the pack's rules, check values paths against the chart.
export { findHelm, HelmNotFoundError, toolCacheDir, type HelmCli } from "./helm-cli";
export { chartInFolder, ChartNotFoundError, locateChart, pulledChart, type ChartRef, type ChartSource } from "./chart-source";
export { chartValuesDefinition, readChartFiles, type ChartValuesDefinition, type JsonSchema } from "./chart-files";
export { checkValuesPaths, valuesLeafPaths, type UnknownValuesPath, type ValuesPathCheck } from "./values-paths";
export { CLUSTER_SCOPED_KINDS, isClusterScoped } from "./scope";
export { parseRendered, renderRelease, RenderError, templateArguments, type ClusterCapabilities, type ReleaseToRender, type RenderedObject } from "./render";
export { releaseFromInputs, type ReleaseInputs, type ReleaseSpec } from "./release-inputs";
export { restoreUnknowns, valuesVariants } from "./unknown-values";
export { localChartPackage, ReleaseRenderer, renderReleaseSpecs, type ReleaseRendering, type RendererOptions } from "./release-renderer";
export {
  evaluateReleases,
  renderedObjectName,
  renderedPolicyResource,
  type JudgedRelease,
  type ReleaseEvaluation,
  type ReleaseFinding,
} from "./release-findings";
