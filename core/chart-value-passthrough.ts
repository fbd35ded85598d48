/**
 * Maps a chart copies whole into a manifest (a securityContext, resources): values.yaml has no keys of their own, so
 * the values-path check (npm run test:charts) cannot tell a typo inside them from a real field. Each is declared once
 * here, per chart, with the reason; every other values path the program sets must exist in the chart.
 */
import type { ChartName } from "./charts";

/** Per chart: dotted values path of a pass-through map -> why the chart passes it through whole. */
export const chartValuePassThrough: Partial<Record<ChartName, Readonly<Record<string, string>>>> = {};
