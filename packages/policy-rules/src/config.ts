// Rule configuration: the pieces the rules' zod schemas share, the policy pack configuration (the same JSON shape
// as `pulumi preview --policy-pack-config`), how it is validated, and the JSON schema CrossGuard is given.
import { z } from "zod";
import { policyExceptions, type PolicyException } from "./exceptions";
import { RELEASE_NOT_RENDERED_POLICY, RELEASE_RENDERED_POLICY, releaseRenderingProblems } from "./release-rendering";
import type { PolicyRule, ReportedLevel } from "./types";

/** `exemptNamespaces`: namespaces a rule skips entirely (exemptions are configuration, never code). */
export const exemptNamespaces = z
  .array(z.string().min(1))
  .default([])
  .describe("Namespaces this rule skips entirely, e.g. a vendor's namespace you cannot change.");

/**
 * A list of `namespace/name` patterns (`*` as either part matches anything; a bare `name` matches cluster-scoped
 * objects and objects of any namespace).
 */
export const namePatterns = (description: string) => z.array(z.string().min(1)).default([]).describe(description);

/** Whether `namespace/name` matches one of the patterns of {@link namePatterns}. */
export function matchesNamePattern(patterns: readonly string[], namespace: string | null, name: string): boolean {
  return patterns.some((pattern) => {
    const slash = pattern.indexOf("/");
    if (slash < 0) return pattern === "*" || pattern === name;
    const ns = pattern.slice(0, slash);
    const n = pattern.slice(slash + 1);
    return (ns === "*" || ns === (namespace ?? "")) && (n === "*" || n === name);
  });
}

/** Whether a plain name (an AWS bucket or secret name, which may contain `/`) matches an exact pattern or a `prefix*` one. */
export function matchesPlainName(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name));
}

/** Enforcement levels a policy can be configured at (CrossGuard's). */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** An enforcement level as configured. */
export type ConfiguredLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** Configuration of a pack: per policy name, an enforcement level or an object with one and the policy's properties. */
export type PackConfig = Readonly<Record<string, ConfiguredLevel | Readonly<Record<string, unknown>>>>;

/** A rule with its configuration resolved: what the runner needs. */
export interface ConfiguredRule {
  /** The rule. */
  rule: PolicyRule;
  /** Its configuration, defaults applied. */
  config: object;
  /** The level its findings are reported at, or "disabled". */
  level: ReportedLevel | "disabled";
  /** Its reviewed exceptions (the `exceptions` property every rule takes). */
  exceptions: PolicyException[];
}

/** Policy pack configuration that does not validate; the message names the policy, the key, the value and what is allowed. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy configuration:\n  ${problems.join("\n  ")}`);
    this.name = "PolicyConfigError";
  }
}

/**
 * Resolves the configuration of each rule: defaults, then the pack configuration's entry for it. `remediate`
 * reports as mandatory (a violation left after remediation blocks, as in CrossGuard).
 * @throws {PolicyConfigError} naming every bad entry at once (unknown policy, bad level, bad property).
 */
export function configureRules(rules: readonly PolicyRule[], packConfig: PackConfig = {}): ConfiguredRule[] {
  const problems: string[] = [];
  const known = new Set(rules.map((r) => r.name));
  // The pack's two release-rendering policies are no rules (they judge nothing themselves) but take configuration.
  const rendering = new Set([RELEASE_RENDERED_POLICY, RELEASE_NOT_RENDERED_POLICY]);
  for (const name of Object.keys(packConfig)) {
    if (!known.has(name) && !rendering.has(name) && name !== "all") problems.push(`${name}: unknown policy; known: ${[...known, ...rendering].join(", ")}`);
  }
  problems.push(...renderingPolicyProblems(packConfig));
  const configured = rules.map((rule): ConfiguredRule => {
    const entry = packConfig[rule.name] ?? (typeof packConfig.all === "string" ? packConfig.all : undefined);
    const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
    let level: ConfiguredRule["level"] = rule.enforcementLevel;
    if (enforcementLevel !== undefined) {
      if (!(ENFORCEMENT_LEVELS as readonly unknown[]).includes(enforcementLevel)) {
        problems.push(`${rule.name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`);
      } else {
        level = enforcementLevel === "remediate" ? "mandatory" : (enforcementLevel as ReportedLevel | "disabled");
      }
    }
    const parsed = ruleConfig(rule, properties);
    problems.push(...parsed.problems);
    return { rule, config: parsed.config, level, exceptions: parsed.exceptions };
  });
  if (problems.length > 0) throw new PolicyConfigError(problems);
  return configured;
}

/** The problems of the release-rendering policies' entries: a level, and for helm-release-rendered its keys. */
function renderingPolicyProblems(packConfig: PackConfig): string[] {
  const problems: string[] = [];
  for (const name of [RELEASE_RENDERED_POLICY, RELEASE_NOT_RENDERED_POLICY]) {
    const entry = packConfig[name];
    if (entry === undefined) continue;
    const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
    if (enforcementLevel !== undefined && !(ENFORCEMENT_LEVELS as readonly unknown[]).includes(enforcementLevel)) {
      problems.push(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`);
    }
    if (name === RELEASE_RENDERED_POLICY) problems.push(...releaseRenderingProblems(properties));
    else
      for (const key of Object.keys(properties))
        problems.push(`${name}.${key}: unknown key; this policy takes only enforcementLevel (helm-release-rendered holds the rendering settings)`);
  }
  return problems;
}

/**
 * A rule's configuration with defaults applied and its reviewed exceptions, or the problems of `properties`
 * (`rule.key: message (got value)`). `exceptions` is common to every rule, so it is read apart from the rule's own schema.
 */
function ruleConfig(rule: PolicyRule, properties: Readonly<Record<string, unknown>>): { config: object; exceptions: PolicyException[]; problems: string[] } {
  const { exceptions: rawExceptions, ...own } = properties;
  const parsed = rule.config.safeParse(own);
  const exceptions = policyExceptions.safeParse(rawExceptions);
  const problems = [
    ...(parsed.success ? [] : problemsOf(rule, parsed.error.issues, own)),
    ...(exceptions.success ? [] : problemsOf(rule, exceptions.error.issues, rawExceptions, ["exceptions"])),
  ];
  return { config: parsed.success ? parsed.data : {}, exceptions: exceptions.success ? exceptions.data : [], problems };
}

/** `rule.key: message (got value)` for each zod issue of a value read under `prefix`. */
function problemsOf(rule: PolicyRule, issues: readonly z.core.$ZodIssue[], value: unknown, prefix: string[] = []): string[] {
  return issues.map((issue) => {
    const key = [rule.name, ...prefix, ...issue.path.map(String)].join(".");
    const got = issue.path.reduce<unknown>((node, segment) => (node as Record<PropertyKey, unknown> | undefined)?.[segment as PropertyKey], value);
    return `${key}: ${issue.message}${got === undefined ? "" : ` (got ${JSON.stringify(got)})`}`;
  });
}

/**
 * One rule's configuration as CrossGuard's `getConfig()` returns it (properties without enforcementLevel),
 * defaults applied, and its reviewed exceptions.
 * @throws {PolicyConfigError} naming the rule, the key, the value and what is allowed.
 */
export function parseRuleConfig(rule: PolicyRule, properties: Readonly<Record<string, unknown>>): { config: object; exceptions: PolicyException[] } {
  const { config, exceptions, problems } = ruleConfig(rule, properties);
  if (problems.length > 0) throw new PolicyConfigError(problems);
  return { config, exceptions };
}

/** The JSON schema of a rule's configuration, as CrossGuard's `configSchema` takes it (properties and required). */
export function configJsonSchema(rule: PolicyRule): { properties: Record<string, object>; required?: string[] } {
  const schema = z.toJSONSchema(rule.config, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  // A property schema, not a document: without the `$schema` header the whole JSON schema carries.
  const { $schema: _header, ...exceptions } = z.toJSONSchema(policyExceptions, { io: "input" });
  const properties = { ...schema.properties, exceptions };
  return schema.required && schema.required.length > 0 ? { properties, required: schema.required } : { properties };
}
