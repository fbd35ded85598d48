// The real stacks rendered from the local chart repository (../shared/charts), once per run of the chart suite: what
// every spec of tests/charts reads.
import * as path from "node:path";
import { chartValuesDefinition, findHelm, locateChart, toolCacheDir, type ChartValuesDefinition } from "@ecommerce-security/helm-charts";
import { runProgram, type RunOptions, type StackRun } from "../../platform/offline/mock-runtime";
import { readStackFile } from "../../platform/offline/stack-file";
import { preparePlan, type PreparedPlan } from "../../platform/offline/stack-plan";
import type { PlannedRelease } from "../../platform/offline/helm-releases";

/** The chart repository the suite renders from (upstream packages; see its README). */
export const SHARED_CHARTS = path.resolve(__dirname, "../../../shared/charts");

/** The stacks users deploy. */
export const REAL_STACKS = ["staging", "production"] as const;

/** A stack's run and its plan with every chart rendered. */
export interface RenderedStack {
  run: StackRun;
  plan: PreparedPlan;
}

const cache = new Map<string, Promise<RenderedStack>>();

/** Runs a stack (with config overrides) and renders every release from {@link SHARED_CHARTS}. */
export async function renderStack(stack: string, options: RunOptions = {}): Promise<RenderedStack> {
  const run = await runProgram(readStackFile(stack), options);
  return { run, plan: preparePlan(run, { chartsDir: SHARED_CHARTS, helm: findHelm() }) };
}

/** {@link renderStack} without overrides, computed once per stack. */
export function renderedStack(stack: string): Promise<RenderedStack> {
  let found = cache.get(stack);
  if (found === undefined) {
    found = renderStack(stack);
    cache.set(stack, found);
  }
  return found;
}

/** The chart package's values.yaml and schema for a release. */
export function chartDefinitionOf(release: PlannedRelease): ChartValuesDefinition {
  return chartValuesDefinition(locateChart(release, { chartsDir: SHARED_CHARTS, cacheDir: toolCacheDir() }, findHelm()));
}
