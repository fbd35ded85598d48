/**
 * `reconciliation`: the product's answer to the architecture document's GitOps section (an Argo CD Application with
 * automated prune and self-heal). A scheduled workflow per stack (.github/workflows/reconcile.yml, generated from
 * these keys by `npm run workflow:reconcile`) runs `pulumi preview --refresh --expect-no-changes` with the policy
 * pack, alerts on drift, and with `selfHeal` runs `pulumi up` to restore the declared state.
 */
import { z } from "zod";
import { cron } from "../../core/config/primitives";

export const reconciliationSchema = z
  .strictObject({
    /** When the drift check runs (cron, UTC; GitHub runs scheduled workflows on the default branch only). */
    schedule: cron.default("0 */6 * * *"),
    /**
     * On drift, run `pulumi up --refresh` with the policy pack to restore the declared state (Argo CD's `selfHeal:
     * true`; deleting what the program no longer declares, Argo CD's `prune`, is what every `pulumi up` does). Off: the
     * drift is only reported, for a person to reconcile.
     */
    selfHeal: z.boolean().default(false),
  })
  .prefault({});

export type ReconciliationConfig = z.infer<typeof reconciliationSchema>;
