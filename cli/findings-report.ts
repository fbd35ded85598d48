// What policy:check reports, whatever the format: the check's result with the rules that ran and the pack's name.
import type { ManifestReadError } from "@ecommerce-security/manifests";
import type { CheckResult, PolicyRule } from "@ecommerce-security/policy-rules";

/** A check's result, ready to print. */
export interface PolicyCheckReport extends CheckResult {
  /** The rules that ran (in pack order). */
  rules: readonly PolicyRule[];
  /** The pack, as Pulumi names it. */
  pack: { name: string; version: string };
}

/** An unreadable input as the JSON output shows it. */
export const unreadableJson = (e: ManifestReadError) => ({ file: e.file, reason: e.reason });

/** `--format json`: findings (with file and line), excepted findings with their reasons, stale exceptions, unreadable inputs. */
export function jsonReport(report: PolicyCheckReport): string {
  const { findings, excepted, stale, objectCount } = report;
  return `${JSON.stringify({ findings, excepted, stale, unreadable: report.unreadable.map(unreadableJson), objectCount }, null, 2)}\n`;
}
