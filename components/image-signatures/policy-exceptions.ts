/**
 * The reviewed exceptions policy-controller's chart needs: its webhook (a knative-style controller) keeps its serving
 * certificate in its own namespace, maintains the CA bundle and rules of its own webhook configurations, and reads
 * the image pull secrets of the pods it admits to fetch their images' signatures from private registries.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { READS_ALL_SECRETS, reviewedExceptions } from "../../core/reviewed-exceptions";
import { POLICY_CONTROLLER_NAMESPACE, POLICY_CONTROLLER_RELEASE } from "./names";

/** policy-controller's exceptions. */
export function policyControllerPolicyExceptions(): FeaturePolicyException[] {
  const webhook = `${POLICY_CONTROLLER_RELEASE}-webhook`;
  return reviewedExceptions(POLICY_CONTROLLER_RELEASE, [
    {
      resource: `ClusterRole ${webhook}`,
      rules: ["rbac-secret-get-by-name", "rbac-no-admission-config-edit"],
      reason:
        "the webhook reads the imagePullSecrets of the pods (and their ServiceAccounts) it admits, to fetch the signatures of private images with the same credentials, and keeps the CA bundle and rules of its own validating and mutating webhook configurations current",
    },
    {
      resource: `Role ${POLICY_CONTROLLER_NAMESPACE}/${webhook}`,
      rules: READS_ALL_SECRETS,
      reason: `the webhook generates and rotates its serving certificate in a Secret of its own namespace (${POLICY_CONTROLLER_NAMESPACE}) and watches it through informers; the namespace holds only policy-controller's Secrets`,
    },
  ]);
}
