/** The fixed names of the backup concern. */

/** Helm release name of Velero. */
export const VELERO_RELEASE = "velero";
