// The CrossGuard policies of the pack: each rule of packages/policy-rules wired as a resource or stack validation, and the
// Pod Security remediations. Importing this file starts nothing (constructing a PolicyPack starts a gRPC server,
// which only policy/index.ts does), so tests call these policies directly with engine-shaped arguments.
import type {
  EnforcementLevel,
  Policies,
  PolicyResource as EnginePolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  ALL_RULES,
  configJsonSchema,
  coversResource,
  fromPulumiResource,
  isHelmReleaseType,
  isKubernetesObjectType,
  parseReleaseRendering,
  parseRuleConfig,
  podSecurityRemediations,
  PolicyContext,
  releaseRenderingJsonSchema,
  RELEASE_NOT_RENDERED_POLICY,
  RELEASE_RENDERED_POLICY,
  remediateManifest,
  unproxied,
  type PodSecurityRemediation,
  type PolicyResource,
  type PolicyRule,
  type Violation,
} from "@ecommerce-security/policy-rules";
import type { ReleaseFinding } from "@ecommerce-security/helm-charts";
import { releaseState, renderRelease, ruleFindingsOnReleases, type ReleaseState } from "./release-rendering";

/** The text CrossGuard shows under the policy's description: what, where, and how to fix it. */
export function violationMessage(v: Violation): string {
  return `${v.message}${v.path === "" ? "" : ` (at ${v.path})`}; fix: ${v.fix}`;
}

/** Severity CrossGuard records: a mandatory rule guards a security hole, an advisory one hygiene. */
const severityOf = (rule: PolicyRule) => (rule.enforcementLevel === "mandatory" ? "high" : "low");

/** What CrossGuard knows of a rule whatever its scope: name, description, level, severity, config schema. */
function policyInfo(rule: PolicyRule) {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    severity: severityOf(rule),
    configSchema: configJsonSchema(rule),
  } as const;
}

/** A finding on an object a Helm release renders, reported against the Release: `<release>/<kind>/<name>: ...`. */
export function releaseFindingMessage(f: ReleaseFinding): string {
  return `${f.object}: ${violationMessage(f.finding)}`;
}

/** A rule judged resource by resource, on the inputs the program registers (and on the objects a Release renders). */
function resourcePolicy(rule: PolicyRule): ResourceValidationPolicy {
  return {
    ...policyInfo(rule),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const resource = fromPulumiResource({ type: args.type, name: args.name, props: args.props, urn: args.urn });
      const release = isHelmReleaseType(resource.type);
      if (!rule.appliesTo(resource) && !release) return;
      const { config, exceptions } = parseRuleConfig(rule, args.getConfig<Record<string, unknown>>());
      // A reviewed exception covers the object: its breach was accepted with a reason (see policy-report.md).
      if (rule.appliesTo(resource) && !exceptions.some((e) => coversResource(e, resource.ref))) {
        // A breach the rule's own configuration exempts (with its reason) is not a violation.
        for (const v of rule.check(resource, config, new PolicyContext([resource]))) if (v.exemptedBy === undefined) reportViolation(violationMessage(v));
      }
      if (!release) return;
      const judged = releaseState(args.urn, resource, "resource").judged;
      for (const f of ruleFindingsOnReleases(rule, config, exceptions, [], judged === undefined ? [] : [judged])) reportViolation(releaseFindingMessage(f));
    },
  };
}

/** URNs each property of an engine resource depends on. */
function propertyDependencyUrns(resource: EnginePolicyResource): Record<string, string[]> {
  const urns: Record<string, string[]> = {};
  for (const [property, dependencies] of Object.entries(resource.propertyDependencies ?? {})) urns[property] = dependencies.map((d) => d.urn);
  return urns;
}

/** The engine's stack resources in the shape rules read. */
export function stackResources(args: Pick<StackValidationArgs, "resources">): PolicyResource[] {
  return args.resources.map((r) =>
    fromPulumiResource({ type: r.type, name: r.name, props: r.props, urn: r.urn, propertyDependencies: propertyDependencyUrns(r) }),
  );
}

/** A rule that reads the whole stack (namespace labels, NetworkPolicies, bindings, bucket configurations). */
function stackPolicy(rule: PolicyRule): StackValidationPolicy {
  return {
    ...policyInfo(rule),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const { config, exceptions } = parseRuleConfig(rule, args.getConfig<Record<string, unknown>>());
      const resources = stackResources(args);
      const context = new PolicyContext(resources);
      for (const resource of resources) {
        if (!rule.appliesTo(resource) || exceptions.some((e) => coversResource(e, resource.ref))) continue;
        for (const v of rule.check(resource, config, context)) if (v.exemptedBy === undefined) reportViolation(violationMessage(v), resource.urn);
      }
      // The objects the releases render, judged beside the stack's own resources (their namespaces, policies, bindings).
      const releases = resources.filter((r) => isHelmReleaseType(r.type)).flatMap((r) => releaseState(r.urn, r, "stack").judged ?? []);
      for (const f of ruleFindingsOnReleases(rule, config, exceptions, resources, releases)) reportViolation(releaseFindingMessage(f), f.urn);
    },
  };
}

/** Why a release was not rendered, and how to have it rendered, or undefined when it was (or rendering is off). */
function notRendered(state: ReleaseState): string | undefined {
  const r = state.rendering;
  if (r === "off" || r.status === "rendered") return undefined;
  if (r.status === "unknown") {
    return `release ${r.release || "(name unknown)"} is not rendered at preview: ${r.unknown.join(", ")} ${r.unknown.length === 1 ? "is" : "are"} not known until the update${r.detail === undefined ? "" : ` (${r.detail})`}; \`pulumi up --policy-pack\` renders and judges it with the known values`;
  }
  return `release ${r.release} was not rendered, so its objects were not judged: ${r.message}`;
}

/**
 * helm-release-rendered: renders each Release with the pack's rendering settings (its configuration) before any rule
 * judges it, and with `helmRender: required` reports a release that could not be rendered (helm or the chart missing,
 * or helm template failing) as mandatory.
 */
const releaseRenderedPolicy: ResourceValidationPolicy = {
  name: RELEASE_RENDERED_POLICY,
  description:
    "Every Helm Release is rendered with helm (pack configuration helmRender, chartsDir, repositoryMirrors) and its objects judged by every rule; with helmRender: required, a release that cannot be rendered is a violation.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: releaseRenderingJsonSchema(),
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isHelmReleaseType(args.type)) return;
    const config = parseReleaseRendering(args.getConfig<Record<string, unknown>>());
    const state = renderRelease(args.urn, fromPulumiResource({ type: args.type, name: args.name, props: args.props, urn: args.urn }), config);
    const r = state.rendering;
    if (config.helmRender === "required" && r !== "off" && r.status === "failed") {
      reportViolation(
        `${notRendered(state)}; fix: ${r.problem === "helm" ? "install helm 3 (or point ES_HELM at it)" : r.problem === "chart" ? "make the chart available (chartsDir, repositoryMirrors, or network access to its repository)" : "fix the release's values so that helm template succeeds"}, or set helmRender: auto to accept an unrendered release with a note`,
      );
    }
  },
};

/** helm-release-not-rendered: the advisory note that a release was not rendered (helmRender: auto, or unknown inputs). */
const releaseNotRenderedPolicy: ResourceValidationPolicy = {
  name: RELEASE_NOT_RENDERED_POLICY,
  description:
    "A Helm Release whose chart could not be rendered (helmRender: auto) or whose inputs are unknown at preview: only its values were judged; the note says what is missing and how to fix it.",
  enforcementLevel: "advisory",
  severity: "low",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isHelmReleaseType(args.type)) return;
    const state = releaseState(args.urn, fromPulumiResource({ type: args.type, name: args.name, props: args.props, urn: args.urn }), "resource");
    const r = state.rendering;
    if (r === "off" || r.status === "rendered") return;
    // With required, a failure is helm-release-rendered's mandatory violation; an unknown input is noted in any mode.
    if (r.status === "failed" && state.config.helmRender === "required") return;
    const hint = r.status === "failed" ? "; or set helmRender: off in helm-release-rendered's configuration to judge values only" : "";
    reportViolation(`${notRendered(state)}${hint}`);
  },
};

/** A Pod Security remediation: rewrites a Kubernetes resource's inputs before the engine sends them. */
function remediationPolicy(remediation: PodSecurityRemediation): ResourceValidationPolicy {
  const level: EnforcementLevel = "remediate";
  return {
    name: remediation.name,
    description: remediation.description,
    enforcementLevel: level,
    severity: "medium",
    configSchema: { properties: { exemptNamespaces: { type: "array", items: { type: "string" }, default: [], description: "Namespaces left alone." } } },
    remediateResource: (args: ResourceValidationArgs) => {
      if (!isKubernetesObjectType(args.type)) return undefined;
      const { exemptNamespaces } = remediation.config.parse(args.getConfig<Record<string, unknown>>());
      // The plain inputs under the engine's proxies: unknown markers and secret wrappers stay as the engine gave them.
      const props = unproxied(args.props) as Record<string, unknown>;
      return remediateManifest(remediation, props, exemptNamespaces);
    },
  };
}

/**
 * Every policy of the pack: the release rendering first (the analyzer runs a resource's policies in this order, so a
 * Release is rendered before any rule reads its objects), the rules (resource or stack validations), the remediations.
 */
export const policies: Policies = [
  releaseRenderedPolicy,
  releaseNotRenderedPolicy,
  ...ALL_RULES.map((rule) => (rule.scope === "stack" ? stackPolicy(rule) : resourcePolicy(rule))),
  ...podSecurityRemediations.map(remediationPolicy),
];
