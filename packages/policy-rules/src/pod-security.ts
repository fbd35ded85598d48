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
  fieldsOf,
  listOf,
  podTemplateOf,
  RESTRICTED_OVERRIDES,
  type PodSecurityViolation,
  type PodTemplateLocation,
} from "@ecommerce-security/pod-security";
import { z } from "zod";
import { exemptNamespaces } from "./config";
import { containersOf, podOf } from "./containers";
import { isKind, type PolicyContext } from "./context";
import { isWithin, pathSegments } from "./field-path";
import { appliedLevel, declaredLevel, podSecurityConfig, stricter, type PodSecurityConfig, type WorkloadExemption } from "./pod-security-level";
import type { Fields, PolicyResource, PolicyRule, ResourceRef, Violation } from "./types";
import { containsUnknown, isUnknown, unknownPaths, withoutUnknowns } from "./unknown";

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

/** Evaluations of one manifest, by level and version: pss-baseline and pss-restricted judge the same pods. */
const evaluations = new WeakMap<object, Map<string, PodSecurityViolation[]>>();

/**
 * {@link podSecurityViolationsKnown} (or the plain evaluation when no value can be unknown), computed once per
 * manifest, level and version.
 */
function evaluationOf(
  resource: PolicyResource,
  manifest: Fields,
  pod: PodTemplateLocation,
  level: "baseline" | "restricted",
  version: string,
): PodSecurityViolation[] {
  let byLevel = evaluations.get(manifest);
  if (byLevel === undefined) evaluations.set(manifest, (byLevel = new Map()));
  const key = `${level}:${version}`;
  let found = byLevel.get(key);
  if (found === undefined) {
    found = resource.allKnown ? evaluatePodSecurity(manifest, { level, version }) : podSecurityViolationsKnown(manifest, pod, level, version);
    byLevel.set(key, found);
  }
  return found;
}

function toViolation(v: PodSecurityViolation, note = ""): Violation {
  return { path: v.path, message: `${v.message} [${v.level} control ${v.check}]${note}`, fix: v.fix };
}

/** The workload exemption of a resource: same namespace, and its kind and name (or its name alone). */
function exemptionOf(exemptions: readonly WorkloadExemption[], ref: ResourceRef): WorkloadExemption | undefined {
  return exemptions.find((e) => {
    if (e.namespace !== ref.namespace) return false;
    const slash = e.workload.indexOf("/");
    return slash < 0 ? e.workload === ref.name : e.workload.slice(0, slash) === ref.kind && e.workload.slice(slash + 1) === ref.name;
  });
}

/** The key under which an exemption is reported as used or stale. */
const exemptionKey = (e: WorkloadExemption) => `${e.namespace}/${e.workload}`;

const HOST_PATH_FINDING = /volumes\[(\d+)\]\.hostPath$/;

/** Whether `path` is the host directory `allowed` or lies under it (`/var/log` admits `/var/log/pods`, not `/var/logs`). */
function underHostPath(path: string, allowed: string): boolean {
  const prefix = allowed.length > 1 ? allowed.replace(/\/+$/, "") : allowed;
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
  if (normalized.split("/").includes("..")) return false;
  return prefix === "/" || normalized === prefix || normalized.startsWith(`${prefix}/`);
}

/**
 * Whether an exemption's hostPaths admit volume `index` of the pod: its path lies under an allowed one and, where that
 * one must be read-only, every container that mounts the volume mounts it read-only.
 */
function hostPathAdmitted(exemption: WorkloadExemption, pod: PodTemplateLocation, index: number): boolean {
  const volume = fieldsOf(listOf(pod.spec.volumes)[index]);
  const path = fieldsOf(volume?.hostPath)?.path;
  if (typeof path !== "string" || isUnknown(path)) return false;
  const allowed = (exemption.hostPaths ?? []).filter((h) => underHostPath(path, h.path));
  if (allowed.length === 0) return false;
  if (allowed.some((h) => !h.readOnly)) return true;
  return containersOf(pod).every((c) => listOf(c.container.volumeMounts).every((m) => fieldsOf(m)?.name !== volume?.name || fieldsOf(m)?.readOnly === true));
}

/**
 * Whether an exemption covers a finding: the finding's control is named, or it is the restricted twin of a named
 * baseline control reporting the same breach (restrictedVolumes for a hostPath volume, capabilities_restricted for an
 * added capability). A hostPath volume is covered only by hostPathVolumes and only where hostPaths admits it.
 */
function exemptionCovers(exemption: WorkloadExemption, v: PodSecurityViolation, baseline: () => PodSecurityViolation[], pod: PodTemplateLocation): boolean {
  const hostPath = HOST_PATH_FINDING.exec(v.path);
  if (hostPath !== null && v.path.startsWith(pod.specPath)) {
    return exemption.controls.includes("hostPathVolumes") && hostPathAdmitted(exemption, pod, Number(hostPath[1]));
  }
  if (exemption.controls.includes(v.check)) return true;
  const twins = RESTRICTED_OVERRIDES.get(v.check) ?? [];
  return twins.some((twin) => exemption.controls.includes(twin) && baseline().some((b) => b.check === twin && b.path === v.path));
}

const LEVEL_NAMES = "pod-security.kubernetes.io/enforce";

/**
 * What pss-restricted says of a Namespace: a level below restricted is accepted only where relaxedNamespaces lists
 * it (down to the listed level); an accepted relaxation is reported with its reason, like an exception.
 */
function namespaceRelaxation(resource: PolicyResource, config: PodSecurityConfig): Violation[] {
  const name = resource.ref.name;
  if (config.exemptNamespaces.includes(name) || isUnknown(resource.props.metadata)) return [];
  const labels = fieldsOf(resource.props.metadata)?.labels;
  if (isUnknown(labels)) return [];
  const declared = declaredLevel(fieldsOf(labels));
  if (typeof declared === "string" || declared.level === "restricted") return [];
  const path = `metadata.labels["${LEVEL_NAMES}"]`;
  const listed = config.relaxedNamespaces.find((n) => n.namespace === name);
  if (listed === undefined) {
    return [
      {
        path,
        message: `namespace "${name}" enforces ${declared.level}, below restricted, and the configuration does not list it in relaxedNamespaces; its workloads are judged at restricted`,
        fix: `label it ${LEVEL_NAMES}=restricted, or list it in relaxedNamespaces of pss-baseline and pss-restricted with its level and reason, and exempt each workload that needs it from the controls it breaks (workloadExemptions)`,
      },
    ];
  }
  if (stricter(declared.level, listed.level) !== declared.level) {
    return [
      {
        path,
        message: `namespace "${name}" enforces ${declared.level}, below the ${listed.level} its relaxedNamespaces entry accepts`,
        fix: `label it ${LEVEL_NAMES}=${listed.level} (or change the entry, with the reason)`,
      },
    ];
  }
  return [
    {
      path,
      message: `namespace "${name}" enforces ${declared.level}, below restricted`,
      fix: "keep it listed only while what runs there needs it",
      exemptedBy: { key: `namespace ${name}`, reason: listed.reason },
    },
  ];
}

/**
 * The findings of one level's rule for a pod. The pod is evaluated at the level it is held to (restricted, unless an
 * undeclared namespace gets a lower configured default); pss-restricted reports the restricted controls of that
 * evaluation, pss-baseline the baseline controls that the same evaluation denies, so that neither reports a breach
 * upstream admits at that level (a restricted check replaces its baseline twin and may skip Windows pods). Inside a
 * listed relaxed namespace, the controls the workload's exemption names are reported as exempted, with its reason,
 * unless the namespace's own level denies them (admission would).
 */
function podFindings(level: "baseline" | "restricted", resource: PolicyResource, config: PodSecurityConfig, context: PolicyContext): Violation[] {
  const pod = podOf(resource);
  const manifest = resource.manifest;
  if (pod === undefined || manifest === undefined) return [];
  const applied = appliedLevel(resource.ref.namespace, config, context);
  if (applied.kind !== "level" || applied.level === "privileged") return [];
  if (level === "restricted" && applied.level !== "restricted") return [];
  const heldTo = evaluationOf(resource, manifest, pod, applied.level, applied.version);
  const baseline = () => (applied.level === "baseline" ? heldTo : evaluationOf(resource, manifest, pod, "baseline", applied.version));
  const found = level === "restricted" ? heldTo.filter((v) => v.level === "restricted") : baseline().filter((b) => heldTo.some((r) => r.path === b.path));
  const exemption = applied.relaxed === undefined ? undefined : exemptionOf(config.workloadExemptions, resource.ref);
  if (exemption === undefined) return found.map((v) => toViolation(v));
  const namespaceLevel = applied.namespaceLevel;
  const deniedByNamespace =
    namespaceLevel === "privileged" ? [] : namespaceLevel === "restricted" ? heldTo : evaluationOf(resource, manifest, pod, "baseline", applied.version);
  return found.map((v) => {
    if (!exemptionCovers(exemption, v, baseline, pod)) return toViolation(v);
    if (deniedByNamespace.some((d) => d.path === v.path)) {
      return toViolation(v, ` (exempted for ${exemption.workload}, but namespace "${exemption.namespace}" enforces ${namespaceLevel}, which denies it)`);
    }
    return { ...toViolation(v), exemptedBy: { key: exemptionKey(exemption), reason: exemption.reason } };
  });
}

/** The workload exemptions a pss rule is configured with, for the report of unused ones. */
function declaredExemptions(config: PodSecurityConfig) {
  return config.workloadExemptions.map((e) => ({
    key: exemptionKey(e),
    resource: `${e.workload} in ${e.namespace} (${e.controls.join(", ")})`,
    reason: e.reason,
  }));
}

/** Pod Security Standards baseline controls. */
export const pssBaseline: PolicyRule<PodSecurityConfig> = {
  name: "pss-baseline",
  group: "pod-security",
  description:
    "Pods meet the Pod Security Standard baseline controls (no host namespaces, privileged containers, hostPath, host ports, added capabilities, unsafe sysctls, ...) whatever their namespace's label says; only a listed relaxed namespace's workload exemptions excuse a control, each with its reason.",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: podSecurityConfig,
  appliesTo: (resource) => podOf(resource) !== undefined,
  check: (resource, config, context) => podFindings("baseline", resource, config, context),
  declaredExemptions,
};

/** Pod Security Standards restricted controls, and no namespace below restricted unless listed. */
export const pssRestricted: PolicyRule<PodSecurityConfig> = {
  name: "pss-restricted",
  group: "pod-security",
  description:
    "Pods meet the controls the Pod Security Standard restricted adds (non-root, RuntimeDefault seccomp, drop ALL, no privilege escalation, restricted volume types) whatever their namespace's label says, and a namespace enforces less than restricted only when relaxedNamespaces lists it with a reason.",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: podSecurityConfig,
  appliesTo: (resource) => podOf(resource) !== undefined || isKind(resource, "", "Namespace"),
  check: (resource, config, context) =>
    isKind(resource, "", "Namespace") ? namespaceRelaxation(resource, config) : podFindings("restricted", resource, config, context),
  declaredExemptions,
};

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
