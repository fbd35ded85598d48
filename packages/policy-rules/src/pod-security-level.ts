// Which Pod Security Standard level and version apply to an object: the `pod-security.kubernetes.io/enforce` (and
// `-version`) labels of its namespace when the resource set declares that namespace, else the configured default.
// Exemptions are configuration (`exemptNamespaces`), never code.
import { z } from "zod";
import type { PodSecurityLevel } from "@ecommerce-security/pod-security";
import { exemptNamespaces } from "./config";
import type { PolicyContext } from "./context";
import { isUnknown } from "./unknown";

const LEVELS: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/** Configuration shared by every rule that depends on the namespace's Pod Security level. */
export const podSecurityLevelConfig = z.strictObject({
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
});

/** The configuration of {@link podSecurityLevelConfig}. */
export type PodSecurityLevelConfig = z.infer<typeof podSecurityLevelConfig>;

/** The level and version an object is held to, or why none applies. */
export type AppliedLevel =
  | { kind: "level"; level: PodSecurityLevel; version: string; source: "namespace" | "default" }
  | { kind: "exempt" }
  /** The namespace's labels are computed during preview: cannot tell. */
  | { kind: "unknown" };

/**
 * The Pod Security level and version for an object in `namespace`. A declared namespace's enforce label decides;
 * like Pod Security Admission, an invalid label value means restricted and an invalid version means latest.
 */
export function appliedLevel(namespace: string | null, config: PodSecurityLevelConfig, context: PolicyContext): AppliedLevel {
  if (namespace !== null && config.exemptNamespaces.includes(namespace)) return { kind: "exempt" };
  const declared = namespace === null ? undefined : context.namespaces.get(namespace);
  if (declared === undefined) return { kind: "level", level: config.defaultLevel, version: config.defaultVersion, source: "default" };
  if (declared.labelsUnknown) return { kind: "unknown" };
  const level = declared.labels?.["pod-security.kubernetes.io/enforce"];
  const version = declared.labels?.["pod-security.kubernetes.io/enforce-version"];
  if (isUnknown(level) || isUnknown(version)) return { kind: "unknown" };
  if (level === undefined) return { kind: "level", level: config.defaultLevel, version: config.defaultVersion, source: "default" };
  return {
    kind: "level",
    level: LEVELS.includes(level as PodSecurityLevel) ? (level as PodSecurityLevel) : "restricted",
    version: typeof version === "string" && VERSION.test(version) ? version : "latest",
    source: "namespace",
  };
}
