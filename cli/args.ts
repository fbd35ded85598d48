/**
 * The one argument parser of the commands in cli/: commander, used the same way by each of them.
 * commander is ESM-only and these scripts run as CommonJS, so it is loaded with `import()`.
 */
const importCommander = () => import("commander");

/** The commander module. */
export type Commander = Awaited<ReturnType<typeof importCommander>>;
type Command = InstanceType<Commander["Command"]>;

/** Loads commander (once). */
let loading: Promise<Commander> | undefined;
export function loadCommander(): Promise<Commander> {
  loading ??= importCommander();
  return loading;
}

/** Where a command writes its help and usage errors; tests pass their own. Defaults to the process's streams. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Parses `args` (the user's arguments: no node, no script) into `program`. Returns undefined when the command should
 * run, or the code to exit with once commander has printed what it had to: 0 after --help or --version,
 * `usageExitCode` after a usage error (unknown option, missing argument, invalid value).
 */
export function parseArguments(program: Command, args: readonly string[], usageExitCode: number, output?: Output): number | undefined {
  program.exitOverride();
  if (output) program.configureOutput({ writeOut: (text) => output.stdout(text), writeErr: (text) => output.stderr(text) });
  try {
    program.parse([...args], { from: "user" });
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("commander.")) throw error;
    return code === "commander.helpDisplayed" || code === "commander.version" ? 0 : usageExitCode;
  }
}

/** An option value parser accepting a positive number (`--seconds 0.5`); anything else is a usage error. */
export function positiveNumber({ InvalidArgumentError }: Commander): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError("expected a positive number");
    return number;
  };
}

/** An option value parser accepting positive integers separated by commas (`--sizes 100,1000`). */
export function positiveIntegers({ InvalidArgumentError }: Commander): (value: string) => number[] {
  return (value) => {
    const numbers = value.split(",").map((part) => (part.trim() === "" ? Number.NaN : Number(part)));
    if (numbers.some((number) => !Number.isInteger(number) || number <= 0)) throw new InvalidArgumentError("expected positive integers separated by commas");
    return numbers;
  };
}

/** How {@link runCommand} ends the process. */
export interface RunOptions {
  /** Exit code after an unexpected error (a bug, not a usage or input problem); 1 unless the command documents another. */
  crashExitCode?: number;
  /**
   * Exit as soon as the command returns. Needed where the program's runtime (Pulumi mocks) keeps handles open;
   * otherwise the exit code is only set, so a large result still flushing to a pipe is not cut off.
   */
  exitWhenDone?: boolean;
}

/** Runs a command's `main` with the process's arguments and ends with the code it returns. */
export function runCommand(main: (args: string[]) => Promise<number>, options: RunOptions = {}): void {
  const end = (code: number) => {
    if (options.exitWhenDone) process.exit(code);
    process.exitCode = code;
  };
  main(process.argv.slice(2)).then(end, (error: unknown) => {
    console.error(error);
    end(options.crashExitCode ?? 1);
  });
}
