// Every rule of the pack, in report order. The CrossGuard pack, policy:check, the offline plan's report, the tests
// and docs/policies.md all read this one list.
import { admissionRules } from "./admission";
import { awsRules } from "./aws";
import { helmRules } from "./helm";
import { imageRules } from "./images";
import { meshRules } from "./mesh";
import { namespaceRules } from "./namespaces";
import { networkRules } from "./network";
import { persistentVolumeRules } from "./persistent-volumes";
import { podSecurityRules } from "./pod-security";
import { rbacRules } from "./rbac";
import { secretRules } from "./secrets";
import type { PolicyGroup, PolicyRule } from "./types";
import { workloadPodRules } from "./workload-pods";
import { workloadRules } from "./workloads";

/** All rules, grouped as `--only` selects them. */
export const ALL_RULES: readonly PolicyRule[] = [
  ...podSecurityRules,
  ...persistentVolumeRules,
  ...imageRules,
  ...workloadRules,
  ...workloadPodRules,
  ...secretRules,
  ...rbacRules,
  ...networkRules,
  ...meshRules,
  ...admissionRules,
  ...namespaceRules,
  ...helmRules,
  ...awsRules,
];

/** The rules of some groups (all rules when `groups` is undefined or empty). */
export function rulesOf(groups?: readonly PolicyGroup[]): PolicyRule[] {
  if (groups === undefined || groups.length === 0) return [...ALL_RULES];
  return ALL_RULES.filter((rule) => groups.includes(rule.group));
}
