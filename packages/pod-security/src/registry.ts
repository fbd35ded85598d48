// The registry of Pod Security Standards controls: which check, at which level, from which policy version,
// and which baseline checks a restricted check replaces (upstream's OverrideCheckIDs). Resolving a level and
// version to the list of functions to run happens once per (level, version) and is cached.
import { allowPrivilegeEscalationV1_25, allowPrivilegeEscalationV1_8 } from "./allow-privilege-escalation";
import { appArmorProfile } from "./app-armor";
import { capabilitiesBaseline } from "./capabilities-baseline";
import { capabilitiesRestrictedV1_22, capabilitiesRestrictedV1_25 } from "./capabilities-restricted";
import { hostNamespaces } from "./host-namespaces";
import { hostPathVolumes } from "./host-path-volumes";
import { hostPorts } from "./host-ports";
import { hostProbesAndHostLifecycle } from "./host-probes-lifecycle";
import { privileged } from "./privileged";
import { procMountV1_0, procMountV1_35 } from "./proc-mount";
import { procMountRestricted } from "./proc-mount-restricted";
import { restrictedVolumes } from "./restricted-volumes";
import { runAsNonRootV1_0, runAsNonRootV1_35 } from "./run-as-non-root";
import { runAsUserV1_23, runAsUserV1_35 } from "./run-as-user";
import { seLinuxOptionsV1_0, seLinuxOptionsV1_31 } from "./se-linux";
import { seccompBaselineV1_0, seccompBaselineV1_19 } from "./seccomp-baseline";
import { seccompRestrictedV1_19, seccompRestrictedV1_25 } from "./seccomp-restricted";
import { sysctlsV1_0, sysctlsV1_27, sysctlsV1_29, sysctlsV1_32, sysctlsV1_37 } from "./sysctls";
import type { PodSecurityCheck, PodSecurityControlLevel } from "./types";
import { windowsHostProcess } from "./windows-host-process";

/** One revision of a control, in force from policy version v1.`since` until the next revision. */
export interface CheckRevision {
  /** Minor version the revision starts at. */
  readonly since: number;
  /** The check itself. */
  readonly run: PodSecurityCheck;
  /** Baseline check IDs this (restricted) revision replaces while it is in force. */
  readonly overrides?: readonly string[];
}

/** A control: its upstream check ID, the level that defines it, and its revisions (ascending `since`). */
export interface CheckDefinition {
  /** Upstream check ID, e.g. "capabilities_restricted". */
  readonly id: string;
  /** Level that defines the control. */
  readonly level: PodSecurityControlLevel;
  /** Revisions, oldest first. */
  readonly revisions: readonly CheckRevision[];
}

/** Every control of the Pod Security Standards at v1.37, in the order violations are reported. */
export const POD_SECURITY_CHECKS: readonly CheckDefinition[] = [
  { id: "hostNamespaces", level: "baseline", revisions: [{ since: 0, run: hostNamespaces }] },
  { id: "privileged", level: "baseline", revisions: [{ since: 0, run: privileged }] },
  { id: "capabilities_baseline", level: "baseline", revisions: [{ since: 0, run: capabilitiesBaseline }] },
  { id: "hostPathVolumes", level: "baseline", revisions: [{ since: 0, run: hostPathVolumes }] },
  { id: "hostPorts", level: "baseline", revisions: [{ since: 0, run: hostPorts }] },
  { id: "appArmorProfile", level: "baseline", revisions: [{ since: 0, run: appArmorProfile }] },
  {
    id: "seLinuxOptions",
    level: "baseline",
    revisions: [
      { since: 0, run: seLinuxOptionsV1_0 },
      { since: 31, run: seLinuxOptionsV1_31 },
    ],
  },
  {
    id: "procMount",
    level: "baseline",
    revisions: [
      { since: 0, run: procMountV1_0 },
      { since: 35, run: procMountV1_35 },
    ],
  },
  {
    id: "seccompProfile_baseline",
    level: "baseline",
    revisions: [
      { since: 0, run: seccompBaselineV1_0 },
      { since: 19, run: seccompBaselineV1_19 },
    ],
  },
  {
    id: "sysctls",
    level: "baseline",
    revisions: [
      { since: 0, run: sysctlsV1_0 },
      { since: 27, run: sysctlsV1_27 },
      { since: 29, run: sysctlsV1_29 },
      { since: 32, run: sysctlsV1_32 },
      { since: 37, run: sysctlsV1_37 },
    ],
  },
  { id: "windowsHostProcess", level: "baseline", revisions: [{ since: 0, run: windowsHostProcess }] },
  { id: "hostProbesAndHostLifecycle", level: "baseline", revisions: [{ since: 34, run: hostProbesAndHostLifecycle }] },
  {
    id: "restrictedVolumes",
    level: "restricted",
    revisions: [{ since: 0, run: restrictedVolumes, overrides: ["hostPathVolumes"] }],
  },
  {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    revisions: [
      { since: 8, run: allowPrivilegeEscalationV1_8 },
      { since: 25, run: allowPrivilegeEscalationV1_25 },
    ],
  },
  {
    id: "runAsNonRoot",
    level: "restricted",
    revisions: [
      { since: 0, run: runAsNonRootV1_0 },
      { since: 35, run: runAsNonRootV1_35 },
    ],
  },
  {
    id: "runAsUser",
    level: "restricted",
    revisions: [
      { since: 23, run: runAsUserV1_23 },
      { since: 35, run: runAsUserV1_35 },
    ],
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    revisions: [
      { since: 19, run: seccompRestrictedV1_19, overrides: ["seccompProfile_baseline"] },
      { since: 25, run: seccompRestrictedV1_25, overrides: ["seccompProfile_baseline"] },
    ],
  },
  {
    id: "capabilities_restricted",
    level: "restricted",
    revisions: [
      { since: 22, run: capabilitiesRestrictedV1_22, overrides: ["capabilities_baseline"] },
      { since: 25, run: capabilitiesRestrictedV1_25, overrides: ["capabilities_baseline"] },
    ],
  },
  {
    id: "procMount_restricted",
    level: "restricted",
    revisions: [{ since: 35, run: procMountRestricted, overrides: ["procMount"] }],
  },
];

/** A control resolved for one level and version: the function to run and what to label its findings with. */
export interface ResolvedCheck {
  /** Upstream check ID. */
  readonly id: string;
  /** Level that defines the control. */
  readonly level: PodSecurityControlLevel;
  /** Minor version of the revision in force. */
  readonly since: number;
  /** The revision's check function. */
  readonly run: PodSecurityCheck;
}

/** The upstream IDs of every control, in report order (what a workload exemption names). */
export const POD_SECURITY_CONTROL_IDS: readonly string[] = POD_SECURITY_CHECKS.map((c) => c.id);

/**
 * The baseline controls a restricted control replaces at some version (upstream's OverrideCheckIDs): at restricted,
 * `capabilities_restricted` reports what `capabilities_baseline` would, `restrictedVolumes` what `hostPathVolumes` would.
 */
export const RESTRICTED_OVERRIDES: ReadonlyMap<string, readonly string[]> = new Map(
  POD_SECURITY_CHECKS.flatMap((c) => {
    const replaced = [...new Set(c.revisions.flatMap((r) => r.overrides ?? []))];
    return replaced.length === 0 ? [] : [[c.id, replaced] as const];
  }),
);

const resolved = new Map<string, readonly ResolvedCheck[]>();

/**
 * The checks PSA runs at `level` and policy version v1.`minor`: for each control of that level or below, the
 * newest revision at or before the version; restricted revisions drop the baseline checks they override.
 */
export function checksFor(level: PodSecurityControlLevel, minor: number): readonly ResolvedCheck[] {
  const key = `${level}:${minor}`;
  const cached = resolved.get(key);
  if (cached !== undefined) return cached;
  const inForce: ResolvedCheck[] = [];
  const overridden = new Set<string>();
  for (const check of POD_SECURITY_CHECKS) {
    if (check.level === "restricted" && level !== "restricted") continue;
    let revision: CheckRevision | undefined;
    for (const r of check.revisions) if (r.since <= minor) revision = r;
    if (revision === undefined) continue;
    for (const id of revision.overrides ?? []) overridden.add(id);
    inForce.push({ id: check.id, level: check.level, since: revision.since, run: revision.run });
  }
  const result = Object.freeze(inForce.filter((c) => !overridden.has(c.id)));
  resolved.set(key, result);
  return result;
}
