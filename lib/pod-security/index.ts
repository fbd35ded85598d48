// Public API of the Pod Security Standards evaluator (baseline and restricted, versioned as upstream PSA).
// Others build on it: keep it stable.
export type { PodSecurityLevel, PodSecurityViolation } from "./types";
export { LATEST_PSS_VERSION } from "./versions";
export { evaluatePodSecurity, evaluatePodSpec } from "./evaluate";
