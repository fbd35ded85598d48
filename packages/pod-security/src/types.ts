// Shared types of the Pod Security Standards evaluator: the public violation shape and
// the internal contract between a check and the registry that runs it.
import type { PodSpecView } from "./pod-spec-view";

/** A Pod Security Standard level, as in the `pod-security.kubernetes.io/enforce` namespace label. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** A level that defines controls; "privileged" defines none. */
export type PodSecurityControlLevel = "baseline" | "restricted";

/** One breach of a Pod Security Standard control. */
export interface PodSecurityViolation {
  /** Upstream check ID, e.g. "allowPrivilegeEscalation", "capabilities_restricted". */
  check: string;
  /** Level that defines the control. */
  level: PodSecurityControlLevel;
  /** Field path from the object root, e.g. "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation". */
  path: string;
  /** What is wrong, in the spec's words, naming the container. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** What a check reports; the registry adds the check ID and the level. */
export interface Finding {
  /** Field path from the object root. */
  readonly path: string;
  /** What is wrong, in the form PSA reports it: `reason (detail)`. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** One version of one control: a pure function of the pod that lists what breaks the control. */
export type PodSecurityCheck = (pod: PodSpecView) => Finding[];
