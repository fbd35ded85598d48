/**
 * The security contexts every workload this program defines (or configures through chart values) uses:
 * what the Pod Security Standard "restricted" requires, plus a read-only root filesystem.
 */

/** Numeric non-root user/group our own workloads run as (images must not need root). */
export const NON_ROOT_UID = 65532;

/** Pod-level security context: non-root, RuntimeDefault seccomp, a numeric user and fsGroup. */
export function restrictedPodSecurityContext(uid = NON_ROOT_UID) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level security context: no privilege escalation, all capabilities dropped, read-only root. */
export function restrictedContainerSecurityContext(uid = NON_ROOT_UID) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
