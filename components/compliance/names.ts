/** Names of the compliance concern's objects. */

/** Name of the GDPR log-retention CronJob, its ServiceAccount, Secret and NetworkPolicy (external log stores only). */
export const GDPR_JOB = "gdpr-retention";

/** The pod labels of the log-retention job (what its NetworkPolicy selects). */
export const GDPR_POD_LABELS = { "app.kubernetes.io/name": GDPR_JOB } as const;

/** The architecture document's GDPR clean-up of application data: CronJob, ServiceAccount, NetworkPolicy and the policies admitting it. */
export const DATA_CLEANUP_JOB = "gdpr-data-cleanup";

/** The ConfigMap of the document's compliance keys, in every namespace the catalog's workloads run in. */
export const COMPLIANCE_CONFIG = "compliance-config";
