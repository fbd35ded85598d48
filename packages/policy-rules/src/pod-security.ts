// The pod-security group: the Pod Security Standards evaluator (packages/pod-security) applied to every object that
// carries a pod, at the level of its namespace, plus the safe remediations of the restricted level.
// Baseline and restricted are two rules so that each can be enforced on its own (e.g. baseline mandatory while a
// team moves to restricted with restricted advisory).
import {
  addRuntimeDefaultSeccomp,
  CONTAINER_LISTS,
  disallowPrivilegeEscalation,
  dropAllCapabilities,
  evaluatePodSecurity,
  podTemplateOf,
  type PodSecurityViolation,
  type PodTemplateLocation,
} from "@ecommerce-security/pod-security";
import { z } from "zod";
import { exemptNamespaces } from "./config";
import { podOf } from "./containers";
import { isWithin, pathSegments } from "./field-path";
import { appliedLevel, podSecurityLevelConfig, type PodSecurityLevelConfig } from "./pod-security-level";
import type { Fields, PolicyRule, Violation } from "./types";
import { containsUnknown, unknownPaths, withoutUnknowns } from "./unknown";

// --- Unknown values: which ones can change a Pod Security verdict ---------------------------------------------

/** Pod spec fields no Pod Security control reads: an unknown value there cannot change the verdict. */
const POD_FIELDS_IGNORED = new Set([
  "serviceAccountName",
  "serviceAccount",
  "automountServiceAccountToken",
  "nodeSelector",
  "nodeName",
  "affinity",
  "tolerations",
  "imagePullSecrets",
  "priorityClassName",
  "priority",
  "preemptionPolicy",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "restartPolicy",
  "dnsPolicy",
  "dnsConfig",
  "hostname",
  "subdomain",
  "setHostnameAsFQDN",
  "enableServiceLinks",
  "schedulerName",
  "topologySpreadConstraints",
  "readinessGates",
  "overhead",
  "schedulingGates",
  "resourceClaims",
  "resources",
  "runtimeClassName",
  "hostAliases",
  "shareProcessNamespace",
]);

/** Container fields no Pod Security control reads. */
const CONTAINER_FIELDS_IGNORED = new Set([
  "name",
  "image",
  "imagePullPolicy",
  "command",
  "args",
  "workingDir",
  "env",
  "envFrom",
  "resources",
  "resizePolicy",
  "volumeMounts",
  "volumeDevices",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "stdin",
  "stdinOnce",
  "tty",
  "restartPolicy",
  "targetContainerName",
]);

const HANDLER_FIELDS = new Set(["livenessProbe", "readinessProbe", "startupProbe", "lifecycle"]);

/** Whether an unknown at `segments` (relative to one container) can change a verdict. */
function containerUnknownMatters(segments: readonly (string | number)[]): boolean {
  const [field, second, third] = segments;
  if (field === undefined) return true;
  if (typeof field === "string" && CONTAINER_FIELDS_IGNORED.has(field)) return false;
  // Probes and hooks matter through their `host` only (and when the handler itself is unknown).
  if (typeof field === "string" && HANDLER_FIELDS.has(field)) return segments.length <= 3 || segments[segments.length - 1] === "host";
  // Ports matter through hostPort only.
  if (field === "ports") return segments.length <= 2 || third === "hostPort" || second === undefined;
  return true;
}

/** Whether an unknown at `segments` (relative to the pod spec, outside containers) can change a verdict. */
function podUnknownMatters(segments: readonly (string | number)[]): boolean {
  const [field] = segments;
  if (field === undefined) return true;
  if (typeof field === "string" && POD_FIELDS_IGNORED.has(field)) return false;
  // A volume's type is its key: an unknown value inside a known volume source cannot change which type it is.
  if (field === "volumes") return segments.length <= 3 && !(segments.length === 3 && segments[2] === "name");
  return true;
}

/** Pod-level findings a container's unknown security settings could still change (containers may override these). */
const OVERRIDABLE_POD_PATH = /(^|\.)(securityContext|metadata)(\.|\[|$)/;

/**
 * What unknown values do to the Pod Security verdict of one pod: "none" (no unknown matters), "undecidable" (an
 * unknown pod-level field matters: cannot tell anything), or the container paths whose findings cannot be told.
 */
function unknownImpact(pod: PodTemplateLocation): "none" | "undecidable" | string[] {
  const containers = new Set<string>();
  for (const path of unknownPaths(pod.metadata, pod.metadataPath)) {
    const [field] = pathSegments(path.slice(pod.metadataPath.length));
    if (field === "annotations" || field === undefined) return "undecidable";
  }
  for (const path of unknownPaths(pod.spec, pod.specPath)) {
    const segments = pathSegments(path.slice(pod.specPath.length));
    const [list, index] = segments;
    if ((CONTAINER_LISTS as readonly unknown[]).includes(list) && typeof index === "number") {
      if (containerUnknownMatters(segments.slice(2))) containers.add(`${pod.specPath}.${String(list)}[${index}]`);
    } else if (podUnknownMatters(segments)) {
      return "undecidable";
    }
  }
  return containers.size === 0 ? "none" : [...containers];
}

/**
 * Pod Security violations of a manifest at a level and version, leaving out every violation an unknown value
 * (preview) could change: an unknown relevant pod-level field makes the whole pod undecidable; an unknown relevant
 * container field drops that container's findings and the pod-level findings containers can override.
 */
export function podSecurityViolationsKnown(
  manifest: Fields,
  pod: PodTemplateLocation,
  level: "baseline" | "restricted",
  version: string,
): PodSecurityViolation[] {
  if (!containsUnknown(pod.metadata) && !containsUnknown(pod.spec)) return evaluatePodSecurity(manifest, { level, version });
  const impact = unknownImpact(pod);
  if (impact === "undecidable") return [];
  const violations = evaluatePodSecurity(withoutUnknowns(manifest), { level, version });
  if (impact === "none") return violations;
  const inContainers = (path: string) => CONTAINER_LISTS.some((list) => isWithin(path, `${pod.specPath}.${list}`));
  return violations.filter((v) => !impact.some((container) => isWithin(v.path, container)) && (inContainers(v.path) || !OVERRIDABLE_POD_PATH.test(v.path)));
}

// --- The rules -----------------------------------------------------------------------------------------------------

function toViolation(v: PodSecurityViolation): Violation {
  return { path: v.path, message: `${v.message} [${v.level} control ${v.check}]`, fix: v.fix };
}

/** The rule of one level: `pss-baseline` judges baseline controls, `pss-restricted` what restricted adds. */
function pssRule(level: "baseline" | "restricted"): PolicyRule<PodSecurityLevelConfig> {
  return {
    name: `pss-${level}`,
    group: "pod-security",
    description:
      level === "baseline"
        ? "Pods meet the Pod Security Standard baseline controls when their namespace enforces baseline or restricted (no host namespaces, privileged containers, hostPath, host ports, added capabilities, unsafe sysctls, ...)."
        : "Pods meet the controls the Pod Security Standard restricted adds to baseline when their namespace enforces restricted (non-root, RuntimeDefault seccomp, drop ALL, no privilege escalation, restricted volume types).",
    enforcementLevel: "mandatory",
    scope: "stack",
    config: podSecurityLevelConfig,
    appliesTo: (resource) => podOf(resource) !== undefined,
    check(resource, config, context) {
      const pod = podOf(resource);
      const manifest = resource.manifest;
      if (pod === undefined || manifest === undefined) return [];
      const applied = appliedLevel(resource.ref.namespace, config, context);
      if (applied.kind !== "level" || applied.level === "privileged") return [];
      if (level === "restricted" && applied.level !== "restricted") return [];
      const found = podSecurityViolationsKnown(manifest, pod, level, applied.version);
      return found.filter((v) => v.level === level).map(toViolation);
    },
  };
}

/** Baseline controls at the namespace's level. */
export const pssBaseline = pssRule("baseline");
/** Restricted controls at the namespace's level. */
export const pssRestricted = pssRule("restricted");

/** The rules of the pod-security group. */
export const podSecurityRules: readonly PolicyRule[] = [pssBaseline, pssRestricted] as PolicyRule[];

// --- Remediations ------------------------------------------------------------------------------------------------

/** Configuration of a remediation. */
export const remediationConfig = z.strictObject({ exemptNamespaces });

/** A safe, mechanical fix CrossGuard applies to a resource's inputs at enforcement level `remediate`. */
export interface PodSecurityRemediation {
  /** Stable policy name. */
  name: string;
  /** What it changes. */
  description: string;
  /** Configuration: namespaces left alone. */
  config: typeof remediationConfig;
  /** Returns the fixed manifest, or the very same object when there is nothing to fix. */
  fix<T>(manifest: T): T;
}

/** The three remediations of restricted that cannot break a workload that already passes baseline. */
export const podSecurityRemediations: readonly PodSecurityRemediation[] = [
  {
    name: "pss-remediate-seccomp",
    description: "Sets spec.securityContext.seccompProfile to RuntimeDefault on pods that set no seccomp profile (restricted: Seccomp).",
    config: remediationConfig,
    fix: addRuntimeDefaultSeccomp,
  },
  {
    name: "pss-remediate-drop-capabilities",
    description: "Sets securityContext.capabilities.drop to [ALL] on every container that does not drop ALL (restricted: Capabilities).",
    config: remediationConfig,
    fix: dropAllCapabilities,
  },
  {
    name: "pss-remediate-privilege-escalation",
    description: "Sets securityContext.allowPrivilegeEscalation to false on every container that does not set it (restricted: Privilege Escalation).",
    config: remediationConfig,
    fix: disallowPrivilegeEscalation,
  },
];

/**
 * Applies a remediation to a Kubernetes manifest as the engine passed it (raw, possibly holding unknowns and
 * secret wrappers, which are kept as they are). Returns undefined when there is nothing to do: not a pod carrier,
 * an exempt namespace, a pod that breaks baseline (it is not meant to run restricted; the pss rules report it), or
 * a manifest holding unknown values (preview: cannot tell whether a field is set, and the engine's unknown markers
 * must not be written back as values). At `pulumi up` the values are known and the fix applies.
 */
export function remediateManifest(remediation: PodSecurityRemediation, manifest: Fields, exempt: readonly string[]): Fields | undefined {
  if (podTemplateOf(manifest) === undefined) return undefined;
  const namespace = (manifest.metadata as Fields | undefined)?.namespace;
  if (typeof namespace === "string" && exempt.includes(namespace)) return undefined;
  if (containsUnknown(manifest)) return undefined;
  if (evaluatePodSecurity(manifest, { level: "baseline" }).length > 0) return undefined;
  const fixed = remediation.fix(manifest);
  return fixed === manifest ? undefined : fixed;
}
