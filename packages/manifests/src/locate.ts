// Where an object and its fields are in a manifest file, so that a finding can name the file and the line. The YAML
// reader builds no position map (it is an order of magnitude faster without one), so a field's line is found when a
// finding asks for it, by walking the block structure of the object's lines: keys by indentation, list items by their
// dashes. Block-style YAML (kubectl, helm template, hand-written manifests) and pretty-printed JSON keys resolve to the
// field's own line; a step the walk cannot follow (flow style, JSON list items) stops at the nearest enclosing line.

/** The text of one input and where its lines start (found once, on first use; a line's text is cut only when asked). */
export class SourceText {
  private starts?: number[];
  constructor(readonly text: string) {}

  /** Offsets of the first character of every line. */
  private get lineStarts(): number[] {
    if (this.starts === undefined) {
      const starts = [0];
      for (let at = this.text.indexOf("\n"); at >= 0; at = this.text.indexOf("\n", at + 1)) starts.push(at + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** How many lines the text has. */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset of the first character of zero-based line `index` (the text's length past the end). */
  lineStart(index: number): number {
    const starts = this.lineStarts;
    return index < starts.length ? starts[index] : this.text.length;
  }

  /** Offset just after the last character of zero-based line `index`, before its line break. */
  lineEnd(index: number): number {
    const starts = this.lineStarts;
    if (index >= starts.length) return this.text.length;
    const end = index + 1 < starts.length ? starts[index + 1] - 1 : this.text.length;
    return end > starts[index] && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  }

  /** The text of zero-based line `index` without its line break ("" past the end). */
  line(index: number): string {
    return this.text.slice(this.lineStart(index), this.lineEnd(index));
  }
}

/** One step of a field path: an object key or a list index. */
type Step = string | number;

const STEP = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/** The steps of a field path as findings write it: `spec.containers[0]["a/b"]` -> ["spec", "containers", 0, "a/b"]. */
export function pathSteps(path: string): Step[] {
  const steps: Step[] = [];
  for (const match of path.matchAll(STEP)) {
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(JSON.parse(match[3]) as string);
  }
  return steps;
}

/** A line read for the walk: its indentation, whether it opens a list item, and the key it holds (with its column). */
interface Line {
  /** Column of the first character that is not a space. */
  indent: number;
  /** Column of the item's dash when the line opens a list item (`- ...`), else -1. */
  dash: number;
  /** The key the line starts (`name:` or `"name":`, after any dash), or undefined. */
  key?: string;
  /** Column of that key. */
  keyColumn: number;
  /** Whether the line holds nothing but spaces, a comment, or a lone `{`. */
  blank: boolean;
}

/** Characters a plain (unquoted) YAML key cannot start with. */
const NOT_A_KEY_START = new Set([..."\"'#:{}[],&*!|>%@`"]);

/** The key at offset `at` of a line ending at `end` (`name: x`, `"a/b": x`, `key:`), or undefined. */
function keyAt(text: string, at: number, end: number): string | undefined {
  const first = text[at];
  if (at >= end) return undefined;
  if (first === '"' || first === "'") {
    let close = at + 1;
    while (close < end && text[close] !== first) close += text[close] === "\\" && first === '"' ? 2 : 1;
    let after = close + 1;
    while (after < end && text[after] === " ") after++;
    if (after >= end || text[after] !== ":" || (after + 1 < end && text[after + 1] !== " ")) return undefined;
    const raw = text.slice(at + 1, close);
    return first === '"' ? (JSON.parse(`"${raw}"`) as string) : raw;
  }
  if (NOT_A_KEY_START.has(first)) return undefined;
  // A plain key ends at the first ": " (or a ":" that ends the line), before any comment.
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && text.charCodeAt(i - 1) === 32) return undefined;
    if (c === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) return text.slice(at, i).trimEnd();
  }
  return undefined;
}

/** Reads the line `[start, end)` of `text`; columns are counted from `start`. */
function readLine(text: string, start: number, end: number): Line {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at++;
  const indent = at - start;
  // Nothing, a comment, or a JSON object opening on its own line: nothing for the walk to read.
  if (at === end || text.charCodeAt(at) === 35 /* # */ || (text.charCodeAt(at) === 123 /* { */ && text.slice(at + 1, end).trim() === "")) {
    return { indent, dash: -1, keyColumn: -1, blank: true };
  }
  let dash = -1;
  if (text.charCodeAt(at) === 45 /* - */ && (at + 1 === end || text.charCodeAt(at + 1) === 32)) {
    dash = at - start;
    at++;
    while (at < end && text.charCodeAt(at) === 32) at++;
  }
  const key = keyAt(text, at, end);
  return key === undefined ? { indent, dash, keyColumn: -1, blank: false } : { indent, dash, key, keyColumn: at - start, blank: false };
}

/** Where a step of a walk led (undefined: nowhere), and the steps walked from there. */
interface WalkedStep {
  hit?: { line: number; end: number; column: number };
  children: Map<Step, WalkedStep>;
}

/** Parsed field paths: findings of every object repeat the same few paths. */
const stepsOfPath = new Map<string, Step[]>();

/** {@link pathSteps}, remembered. */
function cachedSteps(path: string): Step[] {
  let steps = stepsOfPath.get(path);
  if (steps === undefined) {
    steps = pathSteps(path);
    if (stepsOfPath.size < 10_000) stepsOfPath.set(path, steps);
  }
  return steps;
}

/** The lines `[start, end)` of one object in a text, and the steps from its document's root to it (a List's item). */
export class ObjectLocation {
  private parsed?: Line[];
  private walked?: WalkedStep;
  private first?: number;

  constructor(
    /** The input's text. */
    readonly source: SourceText,
    /** Zero-based first line of the object's document (its first line of content). */
    readonly start: number,
    /** Zero-based line after its document's last (at most the number of lines). */
    readonly end: number,
    /** Steps from the document's root to the object (`["items", 3]` for a List item), empty for a document itself. */
    readonly prefix: readonly Step[] = [],
  ) {}

  private lineAt(index: number): Line {
    this.parsed ??= [];
    const offset = index - this.start;
    this.parsed[offset] ??= readLine(this.source.text, this.source.lineStart(index), this.source.lineEnd(index));
    return this.parsed[offset];
  }

  /** One-based line of the object itself. */
  get line(): number {
    return this.lineOf("");
  }

  /**
   * One-based line of a field of the object (`spec.template.spec.containers[0].image`), or of the nearest enclosing
   * field the walk could follow ("" is the object itself).
   */
  lineOf(path: string): number {
    const steps = cachedSteps(path);
    return this.walk(this.prefix.length === 0 ? steps : [...this.prefix, ...steps]) + 1;
  }

  /** Zero-based line of the deepest step of `steps` the walk can follow. */
  private walk(steps: readonly Step[]): number {
    const end = Math.min(this.end, this.source.lineCount);
    this.first ??= this.contentFrom(this.start, end);
    let from = this.first;
    if (from >= end) return this.start;
    let found = from;
    let to = end;
    // The column at which the current mapping's keys (or the current sequence's dashes) sit.
    let column = this.firstColumn(from);
    // Findings of one object share prefixes (`spec.template.spec.containers[0]`): each step is walked once.
    let node = (this.walked ??= { children: new Map() });
    for (const step of steps) {
      if (column < 0) break;
      let next = node.children.get(step);
      if (next === undefined) {
        const hit = typeof step === "number" ? this.item(from, to, column, step) : this.key(from, to, column, step);
        next = { hit, children: new Map() };
        node.children.set(step, next);
      }
      const hit = next.hit;
      if (hit === undefined) break;
      found = hit.line;
      from = hit.line;
      to = hit.end;
      column = hit.column;
      node = next;
    }
    return found;
  }

  /** The first line in `[from, to)` with content (a lone `{` of JSON does not count). */
  private contentFrom(from: number, to: number): number {
    let i = from;
    while (i < to && this.lineAt(i).blank) i++;
    return i;
  }

  /** The column of the first key or dash of the block that starts at line `from`, or -1. */
  private firstColumn(from: number): number {
    const line = this.lineAt(from);
    return line.dash >= 0 ? line.dash : line.keyColumn;
  }

  /**
   * The line of `key` in the mapping whose keys sit at `column`, scanning from `from` until the mapping ends (content
   * left of its keys), and the column of its value's keys or dashes (-1 when the value is on the key's line).
   */
  private key(from: number, to: number, column: number, key: string): { line: number; end: number; column: number } | undefined {
    for (let i = from; i < to; i++) {
      const line = this.lineAt(i);
      if (line.blank) continue;
      if (i > from && (line.dash >= 0 ? line.dash : line.indent) < column) return undefined;
      if (line.key !== key || line.keyColumn !== column) continue;
      // The value continues on the next lines when they are deeper than the key, or a sequence at its column (kubectl style).
      const next = this.contentFrom(i + 1, to);
      if (next >= to) return { line: i, end: to, column: -1 };
      const value = this.lineAt(next);
      const belongs = value.dash === column || (value.dash >= 0 ? value.dash : value.indent) > column;
      return { line: i, end: to, column: belongs ? this.firstColumn(next) : -1 };
    }
    return undefined;
  }

  /** The line of item `index` of the sequence whose dashes sit at `column`, and the column of the item's keys. */
  private item(from: number, to: number, column: number, index: number): { line: number; end: number; column: number } | undefined {
    let seen = -1;
    for (let i = from; i < to; i++) {
      const line = this.lineAt(i);
      if (line.blank) continue;
      if (line.dash !== column) {
        // Items are indented past their dash; anything else at or left of it ends the sequence.
        if (i > from && line.indent <= column) return undefined;
        continue;
      }
      if (++seen < index) continue;
      // The item's first key is on its dash line; its other keys line up under it.
      return { line: i, end: to, column: line.keyColumn };
    }
    return undefined;
  }
}
