// Where an object and its fields are in a manifest file, so that a finding can name the file and the line. The YAML
// reader builds no position map (it is an order of magnitude faster without one), so a field's line is found when a
// finding asks for it, by walking the block structure of the object's lines: keys by indentation, list items by their
// dashes. Block-style YAML (kubectl, helm template, hand-written manifests) and pretty-printed JSON keys resolve to the
// field's own line; a step the walk cannot follow (flow style, JSON list items) stops at the nearest enclosing line.

/** The text of one input and where its lines start (found once, on first use; a line's text is cut only when asked). */
export class SourceText {
  private starts?: Uint32Array;
  constructor(readonly text: string) {}

  /** Offsets of the first character of every line. */
  private get lineStarts(): Uint32Array {
    if (this.starts === undefined) {
      let count = 1;
      for (let at = this.text.indexOf("\n"); at >= 0; at = this.text.indexOf("\n", at + 1)) count++;
      const starts = new Uint32Array(count);
      let line = 1;
      for (let at = this.text.indexOf("\n"); at >= 0; at = this.text.indexOf("\n", at + 1)) starts[line++] = at + 1;
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

/** Characters a plain (unquoted) YAML key cannot start with. */
const NOT_A_KEY_START = new Set([..."\"'#:{}[],&*!|>%@`"]);

/** Whether offset `at` of a line ending at `end` starts a key (`name: x`, `"a/b": x`, `key:`). */
function startsKey(text: string, at: number, end: number): boolean {
  if (at >= end) return false;
  const first = text[at];
  if (first === '"' || first === "'") return quotedKey(text, at, end) !== undefined;
  if (NOT_A_KEY_START.has(first)) return false;
  // A plain key ends at the first ": " (or a ":" that ends the line), before any comment.
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && text.charCodeAt(i - 1) === 32) return false;
    if (c === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) return true;
  }
  return false;
}

/** The key of a quoted key at `at` (`"a/b": x`), or undefined when what is quoted there is not a key. */
function quotedKey(text: string, at: number, end: number): string | undefined {
  const quote = text[at];
  let close = at + 1;
  while (close < end && text[close] !== quote) close += text[close] === "\\" && quote === '"' ? 2 : 1;
  let after = close + 1;
  while (after < end && text[after] === " ") after++;
  if (after >= end || text[after] !== ":" || (after + 1 < end && text[after + 1] !== " ")) return undefined;
  const raw = text.slice(at + 1, close);
  return quote === '"' ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Whether the key starting at offset `at` of a line ending at `end` is `key`, compared in place. */
function keyIs(text: string, at: number, end: number, key: string): boolean {
  const first = text[at];
  if (first === '"' || first === "'") return quotedKey(text, at, end) === key;
  if (!text.startsWith(key, at)) return false;
  let after = at + key.length;
  while (after < end && text.charCodeAt(after) === 32) after++;
  return after < end && text.charCodeAt(after) === 58 && (after + 1 === end || text.charCodeAt(after + 1) === 32);
}

/** A line's shape, packed as three numbers: its indentation (-1: nothing to read), its dash's column, its key's column. */
const SHAPE = 3;
const UNREAD = -2;

/** Reads the shape of line `[start, end)` of `text` into `shape` at `slot`; columns are counted from `start`. */
function readShape(text: string, start: number, end: number, shape: Int32Array, slot: number): void {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at++;
  const first = text.charCodeAt(at);
  let lone = first === 123; /* a JSON object opening on its own line ({) */
  for (let i = at + 1; lone && i < end; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 13) lone = false;
  // Nothing, a comment, or a lone {: nothing for the walk to read.
  if (at === end || first === 13 || first === 35 /* # */ || lone) {
    shape[slot] = -1;
    shape[slot + 1] = -1;
    shape[slot + 2] = -1;
    return;
  }
  shape[slot] = at - start;
  let dash = -1;
  if (first === 45 /* - */ && (at + 1 === end || text.charCodeAt(at + 1) === 32)) {
    dash = at - start;
    at++;
    while (at < end && text.charCodeAt(at) === 32) at++;
  }
  shape[slot + 1] = dash;
  shape[slot + 2] = startsKey(text, at, end) ? at - start : -1;
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
  private shapes?: Int32Array;
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

  /** The slot of line `index`'s shape, read on first use. */
  private slot(index: number): number {
    if (this.shapes === undefined) {
      this.shapes = new Int32Array((Math.min(this.end, this.source.lineCount) - this.start) * SHAPE);
      this.shapes.fill(UNREAD);
    }
    const slot = (index - this.start) * SHAPE;
    if (this.shapes[slot] === UNREAD) readShape(this.source.text, this.source.lineStart(index), this.source.lineEnd(index), this.shapes, slot);
    return slot;
  }

  /** The indentation of line `index`, or -1 when it holds nothing to read. */
  private indent(index: number): number {
    const slot = this.slot(index);
    return this.shapes![slot];
  }

  /** The column of line `index`'s dash, or -1. */
  private dash(index: number): number {
    const slot = this.slot(index);
    return this.shapes![slot + 1];
  }

  /** The column of line `index`'s key, or -1. */
  private keyColumn(index: number): number {
    const slot = this.slot(index);
    return this.shapes![slot + 2];
  }

  /** Where line `index`'s content starts: its dash, else its indentation. */
  private position(index: number): number {
    const dash = this.dash(index);
    return dash >= 0 ? dash : this.indent(index);
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

  /** One-based lines of the object and of each step of a field path the walk can follow: the field with its parents. */
  linesOf(path: string): number[] {
    const steps = [...this.prefix, ...cachedSteps(path)];
    const lines = [this.walk([]) + 1];
    for (let i = 1; i <= steps.length; i++) {
      const line = this.walk(steps.slice(0, i)) + 1;
      if (line !== lines[lines.length - 1]) lines.push(line);
    }
    return lines;
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
    while (i < to && this.indent(i) < 0) i++;
    return i;
  }

  /** The column of the first key or dash of the block that starts at line `from`, or -1. */
  private firstColumn(from: number): number {
    const dash = this.dash(from);
    return dash >= 0 ? dash : this.keyColumn(from);
  }

  /**
   * The line of `key` in the mapping whose keys sit at `column`, scanning from `from` until the mapping ends (content
   * left of its keys), and the column of its value's keys or dashes (-1 when the value is on the key's line).
   */
  private key(from: number, to: number, column: number, key: string): { line: number; end: number; column: number } | undefined {
    const text = this.source.text;
    for (let i = from; i < to; i++) {
      if (this.indent(i) < 0) continue;
      if (i > from && this.position(i) < column) return undefined;
      if (this.keyColumn(i) !== column || !keyIs(text, this.source.lineStart(i) + column, this.source.lineEnd(i), key)) continue;
      // The value continues on the next lines when they are deeper than the key, or a sequence at its column (kubectl style).
      const next = this.contentFrom(i + 1, to);
      if (next >= to) return { line: i, end: to, column: -1 };
      const belongs = this.dash(next) === column || this.position(next) > column;
      return { line: i, end: to, column: belongs ? this.firstColumn(next) : -1 };
    }
    return undefined;
  }

  /** The line of item `index` of the sequence whose dashes sit at `column`, and the column of the item's keys. */
  private item(from: number, to: number, column: number, index: number): { line: number; end: number; column: number } | undefined {
    let seen = -1;
    for (let i = from; i < to; i++) {
      if (this.indent(i) < 0) continue;
      if (this.dash(i) !== column) {
        // Items are indented past their dash; anything else at or left of it ends the sequence.
        if (i > from && this.indent(i) <= column) return undefined;
        continue;
      }
      if (++seen < index) continue;
      // The item's first key is on its dash line; its other keys line up under it.
      return { line: i, end: to, column: this.keyColumn(i) };
    }
    return undefined;
  }
}
