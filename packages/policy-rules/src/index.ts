// Public API of the policy rules: what the CrossGuard pack (policy/), policy:check, the offline plan and the tests use.
export type { Finding, PolicyGroup, PolicyResource, PolicyRule, ReportedLevel, ResourceRef, Violation } from "./types";
export { POLICY_GROUPS } from "./types";
export { ALL_RULES, rulesOf } from "./rules";
export { checkResource, judgeResource, hasMandatory, runConfiguredRules, runPolicies, type RunPoliciesOptions } from "./run";
export { configJsonSchema, configureRules, PolicyConfigError, type ConfiguredRule, type PackConfig } from "./config";
export { PolicyContext } from "./context";
export { describeRef, fromManifest, fromPulumiResource, type ResourceInput } from "./resource";
export { formatFinding, markdownReport, rulesMarkdown, summarize } from "./report";
export { podSecurityRemediations, remediateManifest, type PodSecurityRemediation } from "./pod-security";
export { fromEngine, isUnknown, UNKNOWN } from "./unknown";
// The modules the pack, the CLIs and the offline plan build on.
export * from "./check";
export * from "./config";
export * from "./exceptions";
export * from "./release-rendering";
export * from "./report";
export * from "./resource";
export * from "./rules";
export * from "./run";
export * from "./types";
export * from "./unknown";
export { DEFAULT_ALLOWED_REPOSITORIES } from "./helm";
