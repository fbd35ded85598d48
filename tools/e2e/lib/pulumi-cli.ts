/**
 * Runs the pulumi CLI the way a user does, streaming its output to the terminal while keeping a copy for assertions,
 * and measuring how long it took.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { check } from "./steps";

/** The outcome of one pulumi command. */
export interface CliResult {
  /** The command line, for messages. */
  command: string;
  /** Process exit code (-1 when killed by a signal). */
  status: number;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  /** stdout alone (for --json and stack export). */
  stdout: string;
  /** Wall-clock duration in seconds. */
  seconds: number;
}

/** Options of {@link pulumi}. */
export interface CliOptions {
  /** Working directory (the Pulumi project); defaults to the current one. */
  cwd?: string;
  /** Keep stdout off the terminal (stack export, config get: values the test compares must not be echoed). */
  quiet?: boolean;
  /** Give up after this many seconds (the process is killed and the result has status -1). */
  timeoutSeconds?: number;
  /** Written to the command's standard input, then closed (`pulumi config set --secret <key>` reads the value there). */
  input?: string;
  /** Variables added to the environment of the command. */
  env?: Record<string, string>;
  /** Called with the running process (the fault steps signal it midway). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Run `pulumi <args>` with the environment of the e2e run (PATH, PULUMI_*, KUBECONFIG are already exported). */
export function pulumi(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return cli("pulumi", args, options);
}

/** Run `<program> <args>` (pulumi, or npm for the project's scripts) as {@link pulumi} does. */
export function cli(program: "pulumi" | "npm", args: string[], options: CliOptions = {}): Promise<CliResult> {
  const command = `${program} ${args.join(" ")}`;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ? { ...process.env, ...options.env } : undefined,
    });
    // Standard input is never a terminal: empty, or the input (what `pulumi config set` reads its value from).
    child.stdin.end(options.input ?? "");
    options.onSpawn?.(child);
    let output = "";
    let stdout = "";
    const timer = options.timeoutSeconds
      ? setTimeout(() => {
          output += `\n[e2e] ${command}: killed after ${options.timeoutSeconds}s\n`;
          child.kill("SIGKILL");
        }, options.timeoutSeconds * 1000)
      : undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      stdout += text;
      output += text;
      if (!options.quiet) process.stdout.write(text);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      process.stderr.write(text);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ command, status: code ?? -1, output, stdout, seconds });
    });
  });
}

/** The last lines of a command's output, for a failure message. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Fail with the command's output tail unless it exited 0. */
export function succeeded(result: CliResult): void {
  check(result.status === 0, `${result.command} exited ${result.status}:\n${tail(result.output)}`);
}
