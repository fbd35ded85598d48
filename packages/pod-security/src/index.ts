// Public API of the Pod Security Standards evaluator (baseline and restricted, versioned as upstream PSA).
// Others build on it: keep it stable.
export type { PodSecurityLevel, PodSecurityViolation } from "./types";
export { LATEST_PSS_VERSION } from "./versions";
export { evaluatePodSecurity, evaluatePodSpec } from "./evaluate";
export { POD_SECURITY_CONTROL_IDS, RESTRICTED_OVERRIDES } from "./registry";
// The building blocks the policy rules reuse: the pod view, where a workload keeps its pod template, the
// unstructured-field helpers and the fixes the pack's remediations apply.
export * from "./pod-spec-view";
export * from "./pod-template";
export * from "./remediate";
export * from "./unstructured";
