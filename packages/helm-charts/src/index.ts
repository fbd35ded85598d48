// Public API: find helm, locate a pinned chart's package, render a release, check values paths against the chart.
export { findHelm, HelmNotFoundError, toolCacheDir, type HelmCli } from "./helm-cli";
export { chartInFolder, ChartNotFoundError, locateChart, pulledChart, type ChartRef, type ChartSource } from "./chart-source";
export { chartValuesDefinition, readChartFiles, type ChartValuesDefinition, type JsonSchema } from "./chart-files";
export { checkValuesPaths, valuesLeafPaths, type UnknownValuesPath, type ValuesPathCheck } from "./values-paths";
export { CLUSTER_SCOPED_KINDS, isClusterScoped } from "./scope";
export { parseRendered, renderRelease, RenderError, templateArguments, type ClusterCapabilities, type ReleaseToRender, type RenderedObject } from "./render";
