// The namespaces group: every Namespace says which Pod Security level Pod Security Admission enforces in it.
// Without the label the cluster's default applies (privileged on most clusters), and no one reading the stack can
// tell what runs there.
import { z } from "zod";
import { fieldsOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces } from "./config";
import { isKind } from "./context";
import type { PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const MODES = ["enforce", "audit", "warn"] as const;
const LEVELS = ["privileged", "baseline", "restricted"];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

const labelsConfig = z.strictObject({
  requiredModes: z
    .array(z.enum(MODES))
    .default(["enforce"])
    .describe("Pod Security Admission modes whose level label every namespace must carry (enforce, audit, warn)."),
  exemptNamespaces,
});

/** Pod Security labels on every Namespace. */
export const namespacePodSecurityLabels: PolicyRule<z.infer<typeof labelsConfig>> = {
  name: "namespace-pod-security-labels",
  group: "namespaces",
  description:
    "Every Namespace carries a valid pod-security.kubernetes.io/enforce label (and the other required modes), and any -version label is latest or v1.<minor>.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: labelsConfig,
  appliesTo: (resource) => isKind(resource, "", "Namespace"),
  check(resource, config) {
    if (config.exemptNamespaces.includes(resource.ref.name)) return [];
    const metadata = fieldsOf(resource.props.metadata);
    if (isUnknown(resource.props.metadata) || isUnknown(metadata?.labels)) return [];
    const labels = fieldsOf(metadata?.labels) ?? {};
    const violations: Violation[] = [];
    for (const mode of MODES) {
      const key = `pod-security.kubernetes.io/${mode}`;
      const level = labels[key];
      const version = labels[`${key}-version`];
      if (isUnknown(level) || isUnknown(version)) continue;
      if (level === undefined) {
        if (config.requiredModes.includes(mode)) {
          violations.push({
            path: `metadata.labels["${key}"]`,
            message: `namespace "${resource.ref.name}" has no ${key} label`,
            fix: `label the namespace ${key}=restricted (or the level it needs, with the reason recorded)`,
          });
        }
      } else if (typeof level !== "string" || !LEVELS.includes(level)) {
        violations.push({
          path: `metadata.labels["${key}"]`,
          message: `${key}=${JSON.stringify(level)} is not a Pod Security level`,
          fix: "use privileged, baseline or restricted",
        });
      }
      if (version !== undefined && (typeof version !== "string" || !VERSION.test(version))) {
        violations.push({
          path: `metadata.labels["${key}-version"]`,
          message: `${key}-version=${JSON.stringify(version)} is not a policy version`,
          fix: 'use "latest" or "v1.<minor>"',
        });
      }
    }
    return violations;
  },
};

/** The rules of the namespaces group. */
export const namespaceRules: readonly PolicyRule[] = [namespacePodSecurityLabels] as PolicyRule[];
