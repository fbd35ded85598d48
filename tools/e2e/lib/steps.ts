/**
 * The scenario's step runner: each step is one behaviour the e2e run proves; the run stops at the first failing
 * step (later steps depend on earlier ones) and ends with a summary, the phase timings and an
 * "N passed, N failed" line.
 */

/** A recorded step. */
interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  error?: string;
}

export class Steps {
  private readonly results: StepResult[] = [];
  private readonly timings: [string, number][] = [];

  /** Run one step; a thrown error fails it and stops the scenario. */
  async step(name: string, body: () => Promise<void>): Promise<void> {
    process.stderr.write(`\n[e2e] ── ${name}\n`);
    const started = Date.now();
    try {
      await body();
      this.results.push({ name, ok: true, seconds: (Date.now() - started) / 1000 });
      process.stderr.write(`[e2e] ✔ ${name}\n`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.results.push({ name, ok: false, seconds: (Date.now() - started) / 1000, error });
      process.stderr.write(`[e2e] ✘ ${name}\n${indent(error)}\n`);
      throw new StepFailed(name);
    }
  }

  /**
   * Start a step whose body shares nothing with the steps that run until it is joined (a stack, a folder and a namespace
   * of its own), so that the machine's second core works on it meanwhile. Its commands should keep their output off the
   * terminal (the failure message carries what matters), or it interleaves with the foreground step's.
   */
  background(name: string, body: () => Promise<void>): BackgroundStep {
    process.stderr.write(`\n[e2e] ── ${name} (started in the background)\n`);
    const started = Date.now();
    const outcome = body().then(
      () => ({ seconds: (Date.now() - started) / 1000 }),
      (e: unknown) => ({ seconds: (Date.now() - started) / 1000, error: e instanceof Error ? e.message : String(e) }),
    );
    return { name, outcome };
  }

  /** Wait for a background step and record it like a step: a failure stops the scenario. */
  async join(step: BackgroundStep): Promise<void> {
    const { seconds, error } = await step.outcome;
    this.results.push({ name: step.name, ok: error === undefined, seconds, error });
    if (error === undefined) {
      process.stderr.write(`[e2e] ✔ ${step.name} (in the background)\n`);
      return;
    }
    process.stderr.write(`[e2e] ✘ ${step.name} (in the background)\n${indent(error)}\n`);
    throw new StepFailed(step.name);
  }

  /** Record the duration of a phase for the timing table (build, preview, up, second up, destroy). */
  time(phase: string, seconds: number): void {
    this.timings.push([phase, seconds]);
  }

  /** Print the summary; returns the process exit code. */
  summary(): number {
    const failed = this.results.filter((r) => !r.ok).length;
    const passed = this.results.length - failed;
    const lines = ["", "[e2e] summary"];
    for (const r of this.results) lines.push(`  ${r.ok ? "✔" : "✘"} ${r.name} (${r.seconds.toFixed(1)}s)`);
    lines.push("", "[e2e] durations");
    for (const [phase, seconds] of this.timings) lines.push(`  ${phase.padEnd(36)} ${seconds.toFixed(1).padStart(7)} s`);
    lines.push("", `e2e: ${passed} passed, ${failed} failed`);
    process.stdout.write(`${lines.join("\n")}\n`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }
}

/** A step started with {@link Steps.background}: its outcome never rejects, so nothing is left unhandled if the run stops first. */
export interface BackgroundStep {
  name: string;
  outcome: Promise<{ seconds: number; error?: string }>;
}

/** Thrown by {@link Steps.step} after recording the failure, to stop the scenario. */
export class StepFailed extends Error {
  constructor(step: string) {
    super(`step failed: ${step}`);
  }
}

/** Throw with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
