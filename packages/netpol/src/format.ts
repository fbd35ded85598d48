// Renders an analysis result as text for people and tools: the np-guard connlist lines, or JSON.
import type { AnalysisResult } from "./analyze";
import { Protocol } from "./connection-set";

/** The output formats of the netpol command. */
export const outputFormats = ["connlist", "json"] as const;

/** An output format of the netpol command. */
export type OutputFormat = (typeof outputFormats)[number];

/**
 * The connlist lines, one per allowed connection: `<src> => <dst> : <conn>`, sorted by source then destination.
 * This is the format of np-guard/netpol-analyzer's `list` command, so other NetworkPolicy tools can check our result.
 */
export function connlistLines(result: AnalysisResult): string[] {
  return result.connections.map(({ src, dst, conns }) => `${src.id} => ${dst.id} : ${conns.toString()}`);
}

/** {@link connlistLines} as one text, each line ending with a newline (empty text when nothing is allowed). */
export function formatConnlist(result: AnalysisResult): string {
  return connlistLines(result)
    .map((line) => `${line}\n`)
    .join("");
}

/** One element of the JSON output. */
export interface JsonConnection {
  /** Source peer name, as in connlist (`ns/name[Kind]` or `first-last[External]`). */
  src: string;
  /** Destination peer name. */
  dst: string;
  /** Allowed ports per protocol as inclusive `[from, to]` ranges; protocols that allow nothing are left out. */
  conn: Partial<Record<Protocol, Array<[number, number]>>>;
}

/**
 * The JSON output: an array of `{src, dst, conn}` in connlist order, where `conn` maps each protocol to its allowed
 * port ranges, e.g. `{"src": "shop/web[Deployment]", "dst": "shop/db[Deployment]", "conn": {"TCP": [[3306, 3306]]}}`.
 * "All Connections" is `{"SCTP": [[1, 65535]], "TCP": [[1, 65535]], "UDP": [[1, 65535]]}`.
 */
export function formatJson(result: AnalysisResult): string {
  const connections: JsonConnection[] = result.connections.map(({ src, dst, conns }) => ({ src: src.id, dst: dst.id, conn: conns.toJSON() }));
  return `${JSON.stringify(connections, null, 2)}\n`;
}

/** Renders `result` in `format`. */
export function formatResult(result: AnalysisResult, format: OutputFormat): string {
  return format === "json" ? formatJson(result) : formatConnlist(result);
}
