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
  isKubernetesObjectType,
  parseRuleConfig,
  podSecurityRemediations,
  PolicyContext,
  remediateManifest,
  unproxied,
  type PodSecurityRemediation,
  type PolicyResource,
  type PolicyRule,
  type Violation,
} from "@ecommerce-security/policy-rules";

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

/** A rule judged resource by resource, on the inputs the program registers. */
function resourcePolicy(rule: PolicyRule): ResourceValidationPolicy {
  return {
    ...policyInfo(rule),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const resource = fromPulumiResource({ type: args.type, name: args.name, props: args.props, urn: args.urn });
      if (!rule.appliesTo(resource)) return;
      const { config, exceptions } = parseRuleConfig(rule, args.getConfig<Record<string, unknown>>());
      // A reviewed exception covers the object: its breach was accepted with a reason (see policy-report.md).
      if (exceptions.some((e) => coversResource(e, resource.ref))) return;
      // A breach the rule's own configuration exempts (with its reason) is not a violation.
      for (const v of rule.check(resource, config, new PolicyContext([resource]))) if (v.exemptedBy === undefined) reportViolation(violationMessage(v));
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
    },
  };
}

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

/** Every policy of the pack: the rules (resource or stack validations) and the remediations. */
export const policies: Policies = [
  ...ALL_RULES.map((rule) => (rule.scope === "stack" ? stackPolicy(rule) : resourcePolicy(rule))),
  ...podSecurityRemediations.map(remediationPolicy),
];
