// A Helm Release's inputs as Pulumi gives them (the pack at preview, the plan's recorded resources) turned into what
// rendering needs: the release name, namespace, chart, version, repository and values. At preview any of them may be
// unknown (computed from another resource's output); the values may hold unknowns inside.
import { isUnknown, unknownPaths } from "@ecommerce-security/policy-rules";
import type { ChartRef } from "./chart-source";

const fieldsOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A release as rendering needs it. */
export interface ReleaseSpec extends ChartRef {
  /** The Helm release name (`velero`). */
  release: string;
  /** The namespace it installs into. */
  namespace: string;
  /** The values it is installed with (may hold unknowns at preview). */
  values: Record<string, unknown>;
}

/** The release, or the inputs that are not known yet (the release cannot be rendered before they are). */
export type ReleaseInputs = { spec: ReleaseSpec; unknownValues: string[] } | { unknownInputs: string[] };

/**
 * The release a Release resource's inputs declare. `fallbackName` is the resource's logical name, which Helm uses when
 * the inputs set no `name`. An `oci://` chart without repositoryOpts names its repository itself.
 */
export function releaseFromInputs(props: Readonly<Record<string, unknown>>, fallbackName: string): ReleaseInputs {
  const repositoryOpts = props.repositoryOpts;
  const repo = fieldsOf(repositoryOpts)?.repo;
  const unknownInputs = [
    ...(["name", "namespace", "chart", "version", "values"] as const).filter((key) => isUnknown(props[key])),
    ...(isUnknown(repositoryOpts) ? ["repositoryOpts"] : isUnknown(repo) ? ["repositoryOpts.repo"] : []),
  ];
  if (unknownInputs.length > 0) return { unknownInputs };
  let chart = String(props.chart);
  let repository = String(repo ?? "");
  if (repository === "" && chart.startsWith("oci://")) {
    repository = chart.slice(0, chart.lastIndexOf("/"));
    chart = chart.slice(chart.lastIndexOf("/") + 1);
  }
  const values = (fieldsOf(props.values) ?? {}) as Record<string, unknown>;
  return {
    spec: {
      release: String(props.name ?? fallbackName),
      namespace: String(props.namespace ?? "default"),
      chart,
      version: String(props.version),
      repository,
      values,
    },
    unknownValues: unknownPaths(values, "values"),
  };
}
