// The helm group. A Helm Release hides the objects it installs from CrossGuard, so the pack checks what the
// Release itself says: an exact chart version, a repository from the allow-list, and the security-context values of
// the charts this program installs (judged at the Pod Security level of the release's namespace).
import { z } from "zod";
import { evaluatePodSecurity, fieldsOf } from "@ecommerce-security/pod-security";
import { matchesNamePattern, namePatterns } from "./config";
import { valueAt } from "./field-path";
import { CHART_SECURITY_VALUES, type ChartComponent } from "./helm-chart-security";
import { appliedLevel, podSecurityLevelConfig } from "./pod-security-level";
import { isHelmReleaseType } from "./resource";
import type { Fields, PolicyResource, PolicyRule, Violation } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

const isRelease = (resource: PolicyResource) => isHelmReleaseType(resource.type);

/** A chart given as a local path is versioned by its own Chart.yaml: nothing to check on the Release. */
const isLocalChart = (chart: string) => chart.startsWith(".") || chart.startsWith("/") || chart.startsWith("file://");

/** The chart's name without repository alias or OCI location (`oci://ghcr.io/x/cert-manager` -> `cert-manager`). */
export function chartName(chart: string): string {
  return chart.slice(chart.lastIndexOf("/") + 1);
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const versionConfig = z.strictObject({
  exempt: namePatterns("Releases (namespace/name of the Release resource) allowed to float their chart version."),
});

/** An exact chart version. */
export const helmChartVersionPinned: PolicyRule<z.infer<typeof versionConfig>> = {
  name: "helm-chart-version-pinned",
  group: "helm",
  description: "Every Helm Release pins an exact chart version (no range, no missing version), so an upgrade happens only by changing the pin.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: versionConfig,
  appliesTo: isRelease,
  check(resource, config) {
    const { chart, version } = resource.props;
    if (isUnknown(chart) || isUnknown(version) || typeof chart !== "string" || isLocalChart(chart)) return [];
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    if (version === undefined || version === "") {
      return [
        {
          path: "version",
          message: `chart "${chart}" has no version: Helm installs whatever is newest`,
          fix: "set version to the exact chart version you tested (core/charts.ts pins them)",
        },
      ];
    }
    if (typeof version !== "string" || !EXACT_VERSION.test(version)) {
      return [
        {
          path: "version",
          message: `chart "${chart}" version ${JSON.stringify(version)} is not an exact version`,
          fix: "set version to one exact version such as 1.19.1, not a range",
        },
      ];
    }
    return [];
  },
};

/**
 * The repositories of the charts the platform installs (the program's pinned chart table, core/charts.ts; a test keeps
 * the two equal). Written out here because the rules package depends on nothing of the program.
 */
export const DEFAULT_ALLOWED_REPOSITORIES = [
  "https://charts.external-secrets.io",
  "https://charts.jetstack.io",
  "https://aquasecurity.github.io/helm-charts",
  "https://vmware-tanzu.github.io/helm-charts",
  "https://bitnami-labs.github.io/sealed-secrets",
  "https://stakater.github.io/stakater-charts",
  "https://sigstore.github.io/helm-charts",
  "https://helm.goharbor.io",
];

const normalizeRepository = (url: string) => url.replace(/\/+$/, "");

const repositoryConfig = z.strictObject({
  allowedRepositories: z
    .array(z.string().min(1))
    .default(DEFAULT_ALLOWED_REPOSITORIES)
    .describe("Chart repositories (https:// URLs or oci:// locations) releases may install from; defaults to those of core/charts.ts."),
});

/** Where a release fetches its chart from, or why it cannot be told. */
function repositoryOf(props: Fields): { repository?: string; problem?: Violation } | "unknown" {
  const chart = props.chart;
  const repositoryOpts = props.repositoryOpts;
  const repo = fieldsOf(repositoryOpts)?.repo;
  if (isUnknown(chart) || isUnknown(repositoryOpts) || isUnknown(repo)) return "unknown";
  if (typeof repo === "string" && repo !== "") return { repository: normalizeRepository(repo) };
  if (typeof chart !== "string" || isLocalChart(chart)) return {};
  if (chart.startsWith("oci://")) return { repository: chart.slice(0, chart.lastIndexOf("/")) };
  return {
    problem: {
      path: "repositoryOpts.repo",
      message: chart.includes("/")
        ? `chart "${chart}" comes from a repository alias of the local Helm configuration, which the stack does not pin`
        : `chart "${chart}" names no repository`,
      fix: "set repositoryOpts.repo to the chart's https:// repository (or give an oci:// chart reference)",
    },
  };
}

/** Charts only from allow-listed repositories, over HTTPS or OCI. */
export const helmRepositoryAllowed: PolicyRule<z.infer<typeof repositoryConfig>> = {
  name: "helm-repository-allowed",
  group: "helm",
  description: "Every Helm Release installs its chart from an allow-listed repository (configuration), over https:// or oci://.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: repositoryConfig,
  appliesTo: isRelease,
  check(resource, config) {
    const found = repositoryOf(resource.props);
    if (found === "unknown") return [];
    if (found.problem) return [found.problem];
    if (found.repository === undefined) return [];
    const path = typeof fieldsOf(resource.props.repositoryOpts)?.repo === "string" ? "repositoryOpts.repo" : "chart";
    const violations: Violation[] = [];
    if (!/^(https|oci):\/\//.test(found.repository)) {
      violations.push({
        path,
        message: `chart repository "${found.repository}" is not fetched over https:// or oci://`,
        fix: "use the repository's https:// URL",
      });
    }
    if (!config.allowedRepositories.map(normalizeRepository).includes(found.repository)) {
      violations.push({
        path,
        message: `chart repository "${found.repository}" is not allow-listed`,
        fix: `install from an allowed repository (${config.allowedRepositories.join(", ")}) or add it to allowedRepositories`,
      });
    }
    return violations;
  },
};

const securityValuesConfig = podSecurityLevelConfig;

/** A context object as the chart would render it: `enabled: false` renders none, the `enabled` key itself is dropped. */
function renderedContext(value: unknown, toggled: boolean): Fields {
  const context = fieldsOf(value) ?? {};
  if (!toggled) return context;
  if (context.enabled === false) return {};
  const { enabled: _enabled, ...rest } = context;
  void _enabled;
  return rest;
}

/** Violations of one chart component's security values at a level, with values paths. */
function componentViolations(values: Fields, chart: string, component: ChartComponent, level: "baseline" | "restricted", version: string): Violation[] {
  if (component.enabled !== undefined) {
    const enabled = valueAt(values, component.enabled.path);
    if (isUnknown(enabled)) return [];
    if ((enabled ?? component.enabled.default) === false) return [];
  }
  const podValue = component.pod === undefined ? undefined : valueAt(values, component.pod);
  const containerValue = valueAt(values, component.container);
  if (containsUnknown(podValue) || containsUnknown(containerValue)) return [];
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: component.name },
    spec: {
      securityContext: renderedContext(podValue, component.toggled === true),
      containers: [{ name: component.name, securityContext: renderedContext(containerValue, component.toggled === true) }],
    },
  };
  return evaluatePodSecurity(pod, { level, version }).map((v) => {
    const path = v.path.startsWith("spec.securityContext")
      ? `values.${component.pod ?? component.container}${v.path.slice("spec.securityContext".length)}`
      : `values.${component.container}${v.path.replace(/^spec\.containers\[0\]\.securityContext/, "")}`;
    return {
      path,
      message: `chart ${chart}, ${component.name}: ${v.message} [${v.level} control ${v.check}]`,
      fix: `set it in the release values (${v.fix}); core/security-context.ts has the restricted contexts`,
    };
  });
}

/** Restricted security values for the charts this program installs. */
export const helmSecurityValues: PolicyRule<z.infer<typeof securityValuesConfig>> = {
  name: "helm-security-values",
  group: "helm",
  description:
    "Releases of the charts this program installs state security-context values that meet restricted (or the level a listed relaxed namespace accepts), for every pod-running component of the chart (chart defaults are not relied on: they change between versions).",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: securityValuesConfig,
  appliesTo: (resource) =>
    isRelease(resource) && typeof resource.props.chart === "string" && CHART_SECURITY_VALUES[chartName(resource.props.chart)] !== undefined,
  check(resource, config, context) {
    const chart = chartName(resource.props.chart as string);
    const values = resource.props.values;
    if (isUnknown(values) || isUnknown(resource.props.namespace)) return [];
    const applied = appliedLevel(resource.ref.namespace, config, context);
    if (applied.kind !== "level") return [];
    // Chart values name no workload, so a listed relaxed namespace's level applies to the whole release.
    const level = applied.relaxed === undefined ? applied.level : applied.namespaceLevel;
    if (level === "privileged") return [];
    return CHART_SECURITY_VALUES[chart].flatMap((component) => componentViolations(fieldsOf(values) ?? {}, chart, component, level, applied.version));
  },
};

/** The rules of the helm group. */
export const helmRules: readonly PolicyRule[] = [helmChartVersionPinned, helmRepositoryAllowed, helmSecurityValues] as PolicyRule[];
