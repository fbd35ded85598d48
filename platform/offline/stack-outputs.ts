/** The plan's `outputs.json`: the stack outputs `pulumi up` would export (index.ts: Platform.stackOutputs), secrets redacted. */
import { redactSecrets, redactSecretEnvelopes } from "./recorded-resource";

/** What a run recorded of its outputs. */
export interface RecordedOutputs {
  /** The outputs, resolved. */
  outputs: Record<string, unknown>;
  /** Dotted paths of the outputs that are Pulumi secrets. */
  outputSecretPaths: string[];
}

/** The stack outputs with every secret replaced by the redaction placeholder, keys sorted. */
export function redactedStackOutputs(run: RecordedOutputs): Record<string, unknown> {
  const redacted = redactSecretEnvelopes(redactSecrets(run.outputs, run.outputSecretPaths)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(redacted)
      .sort()
      .map((k) => [k, redacted[k]]),
  );
}

/** The content of `outputs.json`. */
export function stackOutputsJson(run: RecordedOutputs): string {
  return `${JSON.stringify(redactedStackOutputs(run), null, 2)}\n`;
}
