/**
 * The reconciliation concern: its configuration (`reconciliation`) decides the scheduled drift workflow of each stack
 * (./workflow.ts); the program itself only records the stack's choice as an output. Always on: every stack declares
 * how it is reconciled.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../core/config/platform";
import type { Feature } from "../../core/feature";
import { reconciliationSchema, type ReconciliationConfig } from "./schema";

/** Arguments of {@link Reconciliation}: the stack's reconciliation settings. */
export interface ReconciliationArgs {
  /** Resolved settings: the schedule and whether drift is healed. */
  settings: ReconciliationConfig;
}

/** The stack's reconciliation choice, as a stack output (`pulumi stack output reconciliation`). */
export class Reconciliation extends pulumi.ComponentResource {
  /** The schedule and self-heal choice the generated workflow follows. */
  readonly settings: ReconciliationConfig;

  constructor(name: string, { settings }: ReconciliationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Reconciliation", name, {}, opts);
    this.settings = settings;
    this.registerOutputs({ settings });
  }
}

export const reconciliationFeature: Feature<PlatformConfig & { reconciliation: ReconciliationConfig }, ReconciliationConfig> & {
  readonly sections: { reconciliation: typeof reconciliationSchema };
} = {
  name: "reconciliation",
  sections: { reconciliation: reconciliationSchema },
  resolve: (c) => ({ schedule: c.reconciliation.schedule, selfHeal: c.reconciliation.selfHeal }),
  create: (settings, _handles, opts) => {
    const component = new Reconciliation("reconciliation", { settings }, opts);
    return { component, outputs: { reconciliation: settings } };
  },
};
