/** Configuration errors: every problem at once, each naming the file, the key, the value and what is allowed. */

/** One problem in a stack file. */
export interface ConfigIssue {
  /** Key path under the project namespace, e.g. `services.orders-service.dependsOn[2].service`. */
  key: string;
  /** What is wrong and what is allowed. */
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** Thrown before any resource is registered when a stack's configuration is invalid. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly project: string,
    readonly issues: ConfigIssue[],
  ) {
    super(formatIssues(file, project, issues));
    this.name = "ConfigError";
  }
}

/** Render a key path array the way people write it: `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, "");
}

function formatValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function formatIssues(file: string, project: string, issues: ConfigIssue[]): string {
  const lines = issues.map((i) => {
    const got = i.value === undefined ? "" : ` (got ${formatValue(i.value)})`;
    return `${file}: ${project}:${i.key}: ${i.message}${got}`;
  });
  const noun = issues.length === 1 ? "problem" : "problems";
  return `invalid stack configuration, ${issues.length} ${noun}:\n  ${lines.join("\n  ")}`;
}
