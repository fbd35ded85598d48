/**
 * The GDPR retention job (components/compliance) as the log store sees it: the pods the logging concern's
 * Elasticsearch NetworkPolicy admits. The `compliance` section belongs to components/compliance; the logging
 * concern reads it only through here.
 */
import type { PeerPods } from "./operator-network-policy";

/** Name of the GDPR retention CronJob, its ServiceAccount, Secret and NetworkPolicy. */
export const GDPR_JOB = "gdpr-retention";

/** The pod labels of the job (what the log store's NetworkPolicy admits). */
export const GDPR_POD_LABELS = { "app.kubernetes.io/name": GDPR_JOB } as const;

/** The config facts deciding where the job runs. */
export interface GdprInput {
  features: Readonly<Record<string, boolean>>;
  compliance: { namespace: string };
}

/** The GDPR retention job's pods, when the stack runs it (`features.compliance`; it purges the log store), else none. */
export function gdprRetentionClients(c: GdprInput): PeerPods[] {
  return c.features.compliance ? [{ namespace: c.compliance.namespace, podLabels: { ...GDPR_POD_LABELS } }] : [];
}
