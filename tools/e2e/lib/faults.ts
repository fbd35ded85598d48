/**
 * The two faults the scenario puts an update through, each timed from the engine's own event log
 * (lib/engine-events.ts) rather than from a guess of how long the update takes:
 *
 * - an interrupted `pulumi up`: once some Kubernetes objects are created and another is being created, the CLI gets
 *   SIGTERM (it cancels: no new operation starts), then, if still running 100 ms later, SIGTERM again (it terminates
 *   at once, before the cancellation completes), as a CI job's time limit escalates;
 * - an API server outage during an update: as soon as the update steps through its first object, with its changes still
 *   to apply, kube-apiserver is killed, kept down for a few seconds and started again (lib/apiserver-control.ts) while
 *   the update goes on.
 */
import * as fs from "node:fs";
import type { ChildProcess } from "node:child_process";
import type { ApiServerControl } from "./apiserver-control";
import { EngineEventLog } from "./engine-events";
import { pulumi, type CliOptions, type CliResult } from "./pulumi-cli";

/** What the interruption did. */
export interface Interruption {
  result: CliResult;
  /** Objects created when the first SIGTERM was sent (undefined when the update ended first). */
  createdAtSignal?: number;
  /** Objects being created when the first SIGTERM was sent. */
  inFlightAtSignal?: number;
  /** The signals sent, in order. */
  signals: string[];
}

/** Milliseconds between the SIGTERM that cancels and the one that terminates: before the cancellation completes. */
const ESCALATION_MS = 100;

/**
 * `--event-log <file>` is one of the CLI's debugging flags, offered only with PULUMI_DEBUG_COMMANDS=true (it changes
 * nothing else: the engine writes each event it displays to the file as well).
 */
const EVENT_LOG_ENV = { PULUMI_DEBUG_COMMANDS: "true" };

/** Run `pulumi <args>` (an up) and interrupt it once `threshold` objects are created and another is in flight. */
export async function interruptedUp(args: string[], eventLogFile: string, threshold: number, options: CliOptions): Promise<Interruption> {
  fs.rmSync(eventLogFile, { force: true });
  const log = new EngineEventLog(eventLogFile);
  const outcome: Omit<Interruption, "result"> = { signals: [] };
  let watcher: NodeJS.Timeout | undefined;
  const onSpawn = (child: ChildProcess) => {
    watcher = setInterval(() => {
      log.poll();
      if (outcome.signals.length > 0 || log.created < threshold || log.inFlight.size === 0) return;
      outcome.createdAtSignal = log.created;
      outcome.inFlightAtSignal = log.inFlight.size;
      child.kill("SIGTERM");
      outcome.signals.push("SIGTERM");
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          outcome.signals.push("SIGTERM");
        }
      }, ESCALATION_MS);
    }, 50);
  };
  try {
    const result = await pulumi([...args, "--event-log", eventLogFile], { ...options, env: { ...options.env, ...EVENT_LOG_ENV }, onSpawn });
    return { result, ...outcome };
  } finally {
    clearInterval(watcher);
  }
}

/** What the outage met. */
export interface Outage {
  result: CliResult;
  /** Whether the update was still running when the API server went down. */
  updateRunningAtCrash: boolean;
  /** Changing operations the update had completed once the API server was down. */
  changesCompletedAtCrash: number;
  /** Seconds the API server refused connections (from its kill to its restart's /readyz). */
  downSeconds: number;
  /** Operations the engine reported failed. */
  failedOperations: number;
}

/**
 * Run `pulumi <args>` (an up with changes to apply) and, as soon as the engine steps through the first Kubernetes object
 * (the program's first registrations, before the changes it will apply), kill the API server, keep it down
 * `holdSeconds`, and start it again.
 */
export async function updateThroughOutage(
  args: string[],
  eventLogFile: string,
  control: ApiServerControl,
  holdSeconds: number,
  options: CliOptions,
): Promise<Outage> {
  fs.rmSync(eventLogFile, { force: true });
  const log = new EngineEventLog(eventLogFile);
  let child: ChildProcess | undefined;
  // Settled (never rejected) so that a failure of the outage itself is reported after the update, not as a crash.
  let outage: Promise<{ running: boolean; changesCompleted: number; downSeconds: number } | Error> | undefined;
  const watcher = setInterval(() => {
    log.poll();
    if (outage || log.stepsStarted === 0) return;
    clearInterval(watcher);
    const running = child !== undefined && child.exitCode === null && child.signalCode === null;
    const down = Date.now();
    outage = (async () => {
      await control.crash();
      log.poll();
      const changesCompleted = log.changesCompleted;
      await new Promise((r) => setTimeout(r, holdSeconds * 1000));
      await control.restart();
      return { running, changesCompleted, downSeconds: (Date.now() - down) / 1000 };
    })().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  }, 50);
  const result = await pulumi([...args, "--event-log", eventLogFile], { ...options, env: { ...options.env, ...EVENT_LOG_ENV }, onSpawn: (c) => (child = c) });
  clearInterval(watcher);
  if (!outage) throw new Error(`the update never reached a Kubernetes object, so the outage met nothing:\n${result.output.split("\n").slice(-30).join("\n")}`);
  const met = await outage;
  if (met instanceof Error) throw met;
  log.poll();
  return {
    result,
    updateRunningAtCrash: met.running,
    changesCompletedAtCrash: met.changesCompleted,
    downSeconds: met.downSeconds,
    failedOperations: log.failed,
  };
}
