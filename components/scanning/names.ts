/** The fixed names of the scanning concern. */

/** Helm release name of trivy-operator. */
export const TRIVY_OPERATOR_RELEASE = "trivy-operator";
