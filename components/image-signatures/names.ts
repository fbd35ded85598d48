/** The fixed names of image signature admission. */

/** Namespace sigstore policy-controller runs in. */
export const POLICY_CONTROLLER_NAMESPACE = "cosign-system";

/** Helm release name of policy-controller. */
export const POLICY_CONTROLLER_RELEASE = "policy-controller";

/** Port of the admission webhook the API server calls (chart default). */
export const POLICY_CONTROLLER_WEBHOOK_PORT = 8443;

/** The label the chart puts on the webhook's pods only (`control-plane: <release>-webhook`). */
export const POLICY_CONTROLLER_WEBHOOK_POD_LABELS = { "control-plane": `${POLICY_CONTROLLER_RELEASE}-webhook` };
