/**
 * The stacks the reconciliation workflow covers, read from their stack files: every stack deployed from CI, i.e. with
 * a secrets provider of its own (docs/ci.md; the local e2e stack has none), with its `reconciliation` section parsed
 * by the same schema `pulumi up` validates it with.
 */
import type { StackReconciliation } from "./workflow";
import { reconciliationSchema } from "./schema";

/** A stack file as far as the workflow needs it: its name, whether it names a secrets provider, its config values. */
export interface StackFileFacts {
  stack: string;
  secretsProvider?: string;
  /** The `config:` values as Pulumi passes them (objects as JSON text). */
  values: Readonly<Record<string, string>>;
}

/** Each deployed stack's reconciliation settings, every default filled. */
export function stackReconciliations(files: readonly StackFileFacts[], project: string): StackReconciliation[] {
  return files
    .filter((f) => f.secretsProvider !== undefined)
    .map((f) => {
      const raw = f.values[`${project}:reconciliation`];
      return { stack: f.stack, ...reconciliationSchema.parse(raw === undefined ? undefined : JSON.parse(raw)) };
    });
}
