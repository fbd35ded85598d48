/** `charts`: per-release overrides of the pinned chart table (core/charts.ts) and user values deep-merged over the hardened defaults. */
import { z } from "zod";
import { chartNames, type ChartName } from "../charts";

const chartOverride = z.strictObject({
  /** Exact chart version; ranges are refused so a release never moves by itself. */
  version: z
    .string()
    .regex(/^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/, "must be an exact version such as 1.2.3")
    .optional(),
  /** Chart repository URL (https:// or oci://). */
  repository: z.url({ protocol: /^(https|oci)$/, error: "must be an https:// or oci:// URL" }).optional(),
  /** Values deep-merged over the component's hardened defaults. */
  values: z.record(z.string(), z.unknown()).optional(),
});

export const chartsSchema = z.partialRecord(z.enum(chartNames as [ChartName, ...ChartName[]]), chartOverride).default({});

export type ChartsConfig = z.infer<typeof chartsSchema>;
