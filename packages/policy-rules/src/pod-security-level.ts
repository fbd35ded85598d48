// Which Pod Security Standard level and version an object is held to, and what the pack's configuration relaxes.
//
// A namespace label is not a switch: a namespace labelled below restricted is accepted only when the configuration
// lists it (relaxedNamespaces, each with a reason), and even there every workload is judged at restricted except
// for the controls its own exemption names (workloadExemptions). The label still caps what an exemption can excuse:
// what the namespace's own level denies, Pod Security Admission denies whatever the pack says.
import { z } from "zod";
import { POD_SECURITY_CONTROL_IDS, type PodSecurityLevel } from "@ecommerce-security/pod-security";
import { exemptNamespaces } from "./config";
import type { PolicyContext } from "./context";
import { isUnknown } from "./unknown";

const LEVELS: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;
const STRICTNESS: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** The stricter of two levels. */
export function stricter(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

const reason = z.string().trim().min(20, "must say why (at least 20 characters)");

/** A namespace allowed to enforce less than restricted, and why. */
export const relaxedNamespace = z.strictObject({
  namespace: z.string().min(1).describe("The namespace."),
  level: z.enum(["privileged", "baseline"]).describe("The lowest level its enforce label may carry."),
  reason: reason.describe("Why restricted is not enough there."),
});

/** A host path a workload exemption admits. */
export const exemptHostPath = z.strictObject({
  path: z
    .string()
    .regex(/^\/[^\0]*$/, "must be an absolute path")
    .refine((p) => !p.split("/").includes(".."), "must not contain ..")
    .describe("The host directory; the volume's path must be it or lie under it."),
  readOnly: z.boolean().default(true).describe("Whether every container must mount the volume read-only (default true)."),
});

/** One workload's exemption from some Pod Security controls. */
export const workloadExemption = z
  .strictObject({
    namespace: z.string().min(1).describe("The workload's namespace; it must be listed in relaxedNamespaces."),
    workload: z
      .string()
      .regex(/^([A-Za-z]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be '<Kind>/<name>' (e.g. DaemonSet/fluent-bit) or '<name>'")
      .describe("The object that carries the pod: `<Kind>/<name>` (DaemonSet/fluent-bit), or `<name>` for any kind."),
    controls: z
      .array(z.enum(POD_SECURITY_CONTROL_IDS as [string, ...string[]]))
      .min(1)
      .describe("The Pod Security controls (upstream check IDs, e.g. hostPathVolumes, runAsNonRoot) the workload may break; every other stays restricted."),
    hostPaths: z
      .array(exemptHostPath)
      .optional()
      .describe("With hostPathVolumes: the host paths its hostPath volumes may use (required then; anything else stays a finding)."),
    reason: reason.describe("Why the workload needs it."),
  })
  .superRefine((e, ctx) => {
    const names = e.controls.includes("hostPathVolumes");
    if (names && e.hostPaths === undefined) {
      ctx.addIssue({ code: "custom", path: ["hostPaths"], message: "hostPathVolumes needs the host paths it admits (hostPaths: [{path, readOnly}])" });
    }
    if (!names && e.hostPaths !== undefined) ctx.addIssue({ code: "custom", path: ["hostPaths"], message: "only meaningful with the hostPathVolumes control" });
  });

/** A workload exemption as configured. */
export type WorkloadExemption = z.infer<typeof workloadExemption>;

/** A relaxed namespace as configured. */
export type RelaxedNamespace = z.infer<typeof relaxedNamespace>;

const levelFields = {
  defaultLevel: z
    .enum(["privileged", "baseline", "restricted"])
    .default("restricted")
    .describe("Level for objects whose namespace the stack (or manifest set) does not declare, or declares without an enforce label."),
  defaultVersion: z
    .string()
    .regex(VERSION, 'must be "latest" or "v1.<minor>"')
    .default("latest")
    .describe('Policy version for those objects: "latest" or "v1.<minor>".'),
  exemptNamespaces,
  relaxedNamespaces: z
    .array(relaxedNamespace)
    .default([])
    .describe(
      "Namespaces allowed to enforce less than restricted, each with the lowest level and the reason. Any other namespace labelled below restricted is a finding, and its workloads are judged at restricted.",
    ),
};

/** Each listed namespace once. */
function uniqueNamespaces(list: readonly RelaxedNamespace[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    if (seen.has(entry.namespace)) ctx.addIssue({ code: "custom", path: ["relaxedNamespaces", index, "namespace"], message: "is listed twice" });
    seen.add(entry.namespace);
  });
}

/** Configuration of the rules that judge chart values at a namespace's level (no per-workload exemptions). */
export const podSecurityLevelConfig = z.strictObject(levelFields).superRefine((c, ctx) => uniqueNamespaces(c.relaxedNamespaces, ctx));

/** The configuration of {@link podSecurityLevelConfig}. */
export type PodSecurityLevelConfig = z.infer<typeof podSecurityLevelConfig>;

/** Configuration of pss-baseline and pss-restricted: the levels, the relaxed namespaces and the per-workload exemptions. */
export const podSecurityConfig = z
  .strictObject({
    ...levelFields,
    workloadExemptions: z
      .array(workloadExemption)
      .default([])
      .describe(
        "Per-workload exemptions {namespace, workload, controls, hostPaths, reason}: inside a relaxed namespace, the workload is judged at restricted except for these controls.",
      ),
  })
  .superRefine((c, ctx) => {
    uniqueNamespaces(c.relaxedNamespaces, ctx);
    const listed = new Set(c.relaxedNamespaces.map((n) => n.namespace));
    c.workloadExemptions.forEach((e, index) => {
      if (!listed.has(e.namespace)) {
        ctx.addIssue({
          code: "custom",
          path: ["workloadExemptions", index, "namespace"],
          message: `namespace "${e.namespace}" is not in relaxedNamespaces; an exemption only applies inside a listed namespace`,
        });
      }
    });
  });

/** The configuration of {@link podSecurityConfig}. */
export type PodSecurityConfig = z.infer<typeof podSecurityConfig>;

/** The level and version an object is held to, or why none applies. */
export type AppliedLevel =
  | {
      kind: "level";
      /** The level the object is judged at. */
      level: PodSecurityLevel;
      version: string;
      source: "namespace" | "default";
      /** The namespace's listing in relaxedNamespaces, when it has one: its workloads' exemptions apply. */
      relaxed?: RelaxedNamespace;
      /** What the namespace itself admits (its enforce label, or its listed level when the set does not declare it). */
      namespaceLevel: PodSecurityLevel;
    }
  | { kind: "exempt" }
  /** The namespace's labels are computed during preview: cannot tell. */
  | { kind: "unknown" };

/** The enforce level and version a declared namespace's labels say, as Pod Security Admission reads them. */
export function declaredLevel(labels: Readonly<Record<string, unknown>> | undefined): { level: PodSecurityLevel; version: string } | "unlabelled" | "unknown" {
  const level = labels?.["pod-security.kubernetes.io/enforce"];
  const version = labels?.["pod-security.kubernetes.io/enforce-version"];
  if (isUnknown(level) || isUnknown(version)) return "unknown";
  if (level === undefined) return "unlabelled";
  // Like Pod Security Admission: an invalid level means restricted, an invalid version latest.
  return {
    level: LEVELS.includes(level as PodSecurityLevel) ? (level as PodSecurityLevel) : "restricted",
    version: typeof version === "string" && VERSION.test(version) ? version : "latest",
  };
}

/**
 * The Pod Security level and version for an object in `namespace`. A declared namespace's enforce label decides
 * the version and what the namespace admits, but never lowers the level below restricted: a namespace labelled
 * below restricted is judged at restricted (its workloads' exemptions apply when it is listed). An undeclared
 * namespace gets the configured default level, or restricted with its listed level when it is listed.
 */
export function appliedLevel(namespace: string | null, config: PodSecurityLevelConfig, context: PolicyContext): AppliedLevel {
  if (namespace !== null && config.exemptNamespaces.includes(namespace)) return { kind: "exempt" };
  const relaxed = namespace === null ? undefined : config.relaxedNamespaces.find((n) => n.namespace === namespace);
  const declared = namespace === null ? undefined : context.namespaces.get(namespace);
  if (declared?.labelsUnknown) return { kind: "unknown" };
  const label = declared === undefined ? "unlabelled" : declaredLevel(declared.labels);
  if (label === "unknown") return { kind: "unknown" };
  if (label === "unlabelled") {
    if (relaxed !== undefined) {
      return { kind: "level", level: "restricted", version: config.defaultVersion, source: "default", relaxed, namespaceLevel: relaxed.level };
    }
    return { kind: "level", level: config.defaultLevel, version: config.defaultVersion, source: "default", namespaceLevel: config.defaultLevel };
  }
  // What admission lets through there: the label, but no more than the listing accepts.
  const namespaceLevel = relaxed === undefined ? label.level : stricter(label.level, relaxed.level);
  return { kind: "level", level: "restricted", version: label.version, source: "namespace", relaxed, namespaceLevel };
}
