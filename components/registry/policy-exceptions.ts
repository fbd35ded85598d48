/**
 * The reviewed exceptions Harbor's chart needs: its core and job service ConfigMaps carry the user name of the
 * registry's basic auth (`REGISTRY_CREDENTIAL_USERNAME`, the chart's fixed key), which secret-not-in-configmap reads as
 * a credential by its name. The password and its htpasswd line are in the synced Secret; a user name is no secret.
 */
import type { FeaturePolicyException } from "../../core/feature";
import { reviewedExceptions } from "../../core/reviewed-exceptions";
import { HARBOR_RELEASE } from "./names";

/** Harbor's exceptions, when the stack installs it in `namespace`. */
export function harborPolicyExceptions(namespace: string): FeaturePolicyException[] {
  const reason =
    "REGISTRY_CREDENTIAL_USERNAME is the user name (harbor_registry_user) of the registry's internal basic auth, not a secret: Harbor's chart writes it under that fixed key; the password (REGISTRY_PASSWD) and its htpasswd line come from the Secret External Secrets syncs from the backend";
  return reviewedExceptions(HARBOR_RELEASE, [
    { resource: `ConfigMap ${namespace}/${HARBOR_RELEASE}-core`, rules: ["secret-not-in-configmap"], reason },
    { resource: `ConfigMap ${namespace}/${HARBOR_RELEASE}-jobservice-env`, rules: ["secret-not-in-configmap"], reason },
  ]);
}
