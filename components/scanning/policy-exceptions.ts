/**
 * The reviewed exception trivy-operator's chart needs once its global access is off: in its own namespace only, the
 * operator writes each scan job's registry credentials into a Secret and reads the pull secret it is told to scan
 * private images with.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { reviewedExceptions } from "../../core/reviewed-exceptions";
import { TRIVY_OPERATOR_RELEASE } from "./names";

/** trivy-operator's exceptions, when the stack installs it in `namespace`. */
export function trivyOperatorPolicyExceptions(namespace: string): FeaturePolicyException[] {
  return reviewedExceptions(TRIVY_OPERATOR_RELEASE, [
    {
      resource: `Role ${namespace}/${TRIVY_OPERATOR_RELEASE}`,
      rules: ["rbac-secret-get-by-name"],
      reason: `the operator creates a Secret of registry credentials per scan job in ${namespace}, reads it back to hand it to the job, and reads the registry pull secret named in its configuration; it may neither list nor watch Secrets, and has no access to other namespaces' Secrets`,
    },
  ]);
}
