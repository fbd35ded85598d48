/**
 * Pod Security levels as namespaces carry them. A namespace runs at restricted unless a concern that is on really
 * cannot work there otherwise: it then states a need (the level and the reason), which the platform applies.
 */

/** A Pod Security Standard level, most to least permissive: privileged, baseline, restricted. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** A level a namespace needs, and why. */
export interface PodSecurityNeed {
  level: PodSecurityLevel;
  reason: string;
}

const permissiveness: Record<PodSecurityLevel, number> = { restricted: 0, baseline: 1, privileged: 2 };

/** The more permissive of two levels. */
export function morePermissive(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return permissiveness[a] >= permissiveness[b] ? a : b;
}

/** Whether `level` admits what `needed` admits. */
export function admits(level: PodSecurityLevel, needed: PodSecurityLevel): boolean {
  return permissiveness[level] >= permissiveness[needed];
}
