// Reads Kubernetes manifests from files, directories and stdin, the way kubectl users lay them out:
// multi-document YAML, JSON, and `List` kinds that wrap many objects.
import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import { ObjectLocation, SourceText } from "./locate";

export { ObjectLocation, pathSteps, SourceText } from "./locate";

/** A Kubernetes object as read from a manifest: only `kind` is guaranteed. */
export interface KubeObject {
  /** The object's kind (`Pod`, `NetworkPolicy`, ...); inferred from the list kind for List items without one. */
  kind: string;
  /** `group/version` or `v1`; absent for list items that omit it. */
  apiVersion?: string;
  /** Name, namespace, labels and the rest of the metadata, untyped. */
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/** One object read from a manifest, with where it came from (for findings and error messages). */
export interface SourcedObject {
  /** The parsed object; List items are returned one by one. */
  object: KubeObject;
  /** The file the object was read from, as the caller spelled it (`<stdin>` for `-`). */
  source: string;
  /** Where the object is in its input: its line and the line of any of its fields. */
  location?: ObjectLocation;
  /** The Helm template it was rendered from, when the input is `helm template` output (its `# Source:` comment). */
  template?: string;
}

/** What reading some inputs gave: every object of the inputs that could be read, and why the others could not. */
export interface ReadResult {
  /** The objects, in input order. */
  objects: SourcedObject[];
  /** One error per input (or file of a directory) that could not be read or parsed; its objects are left out. */
  errors: ManifestReadError[];
}

/** Input that cannot be read or parsed; `file` names it and `reason` says why (callers exit with code 2). */
export class ManifestReadError extends Error {
  constructor(
    /** The file, directory or `<stdin>` that could not be read. */
    readonly file: string,
    /** What went wrong, for example `no such file or directory` or a YAML syntax error with its line. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "ManifestReadError";
  }
}

/** Options of {@link readManifests}. */
export interface ReadManifestsOptions {
  /** Returns the text read for the `-` argument; defaults to reading file descriptor 0. Tests pass their own. */
  readStdin?: () => string;
}

/** File name endings read when walking a directory; a file named explicitly is read whatever its name. */
const manifestExtensions = [".yaml", ".yml", ".json"];

/**
 * Reads every Kubernetes object from the given inputs, in order: a file, a directory (walked recursively,
 * `.yaml`/`.yml`/`.json` files only, sorted by path so results are deterministic) or `-` for stdin.
 * Multi-document YAML and JSON are accepted; `List` and `*List` kinds are flattened, and their items without
 * a `kind` get it from the list (`PodList` -> `Pod`). Documents that are not objects with a string `kind`
 * (empty documents, Helm values files, ...) are skipped. An input that cannot be read or parsed is reported in
 * `errors` and the others are still read.
 */
export function readManifestInputs(inputs: readonly string[], options: ReadManifestsOptions = {}): ReadResult {
  const result: ReadResult = { objects: [], errors: [] };
  const attempt = (read: () => void) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof ManifestReadError)) throw error;
      result.errors.push(error);
    }
  };
  for (const input of inputs) {
    if (input === "-") {
      attempt(() => {
        const text = readOrThrow("<stdin>", () => (options.readStdin ?? (() => fs.readFileSync(0, "utf8")))());
        result.objects.push(...parseManifestText(text, "<stdin>"));
      });
      continue;
    }
    let files: string[] = [];
    attempt(() => (files = manifestFiles(input, (error) => result.errors.push(error))));
    for (const file of files) {
      attempt(() => {
        const text = readOrThrow(file, () => fs.readFileSync(file, "utf8"));
        result.objects.push(...parseManifestText(text, file));
      });
    }
  }
  return result;
}

/**
 * Reads every Kubernetes object from the given inputs, as {@link readManifestInputs} does, but stops at the first
 * input that cannot be read.
 * @throws {ManifestReadError} when an input does not exist, cannot be read or does not parse.
 */
export function readManifests(inputs: readonly string[], options: ReadManifestsOptions = {}): SourcedObject[] {
  const { objects, errors } = readManifestInputs(inputs, options);
  if (errors.length > 0) throw errors[0];
  return objects;
}

/**
 * Parses the text of one manifest file: JSON when the name ends in `.json`, multi-document YAML otherwise
 * (YAML also accepts JSON, which is what stdin gets). Lists are flattened as in {@link readManifests}. Each object
 * knows its lines, and its Helm template when the text is `helm template` output.
 * @throws {ManifestReadError} naming `source` when the text does not parse.
 */
export function parseManifestText(text: string, source: string): SourcedObject[] {
  const sourceText = new SourceText(text);
  const documents = source.toLowerCase().endsWith(".json") ? [{ value: parseJson(text, source), start: 0 }] : parseYamlDocuments(text, source);
  const manifests: SourcedObject[] = [];
  documents.forEach(({ value, start }, index) => {
    const end = index + 1 < documents.length ? documents[index + 1].start : Number.MAX_SAFE_INTEGER;
    const template = index === 0 && documents.length === 1 && start === 0 ? undefined : helmTemplateBefore(sourceText, start);
    for (const { object, prefix } of flattenLists(value, undefined, [])) {
      manifests.push({ object, source, location: new ObjectLocation(sourceText, start, end, prefix), ...(template === undefined ? {} : { template }) });
    }
  });
  return manifests;
}

/**
 * The `# Source: <chart>/templates/<file>` comment `helm template` writes between a document's `---` and its content,
 * if any: the comments above the document's first line, up to its separator.
 */
function helmTemplateBefore(text: SourceText, start: number): string | undefined {
  for (let i = start - 1; i >= 0; i--) {
    const line = text.line(i).trim();
    const match = /^#\s*Source:\s*(\S.*)$/.exec(line);
    if (match !== null) return match[1].trim();
    if (line !== "" && !line.startsWith("#")) return undefined;
  }
  return undefined;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ManifestReadError(source, `invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * The YAML types Kubernetes' reader knows: the core schema (null, booleans, numbers, strings) and `<<` merge keys.
 * Timestamps stay strings, as the API server reads them, and skipping the timestamp test of every plain scalar
 * makes large inputs parse about a quarter faster.
 */
const KUBERNETES_SCHEMA = jsYaml.CORE_SCHEMA.extend({
  // js-yaml exports its built-in types as `types`; @types/js-yaml does not declare them.
  implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge],
});

/** The documents of a YAML stream with the zero-based line each starts at (its first content: the root node). */
function parseYamlDocuments(text: string, source: string): Array<{ value: unknown; start: number }> {
  // js-yaml: an order of magnitude faster than the `yaml` package on large manifest sets (10 000 objects in about
  // a second instead of half a minute). Its listener reports each document's root node as it opens (depth 1), which
  // is where the document starts.
  const starts: number[] = [];
  const listener = (event: jsYaml.EventType, state: jsYaml.State) => {
    // `depth` is kept by the loader but not declared by its types.
    if (event === "open" && (state as jsYaml.State & { depth: number }).depth === 1) starts.push(state.line);
  };
  try {
    const values = jsYaml.loadAll(text, null, { filename: source, listener, schema: KUBERNETES_SCHEMA });
    return values.map((value, index) => ({ value, start: starts[index] ?? 0 }));
  } catch (error) {
    if (!(error instanceof jsYaml.YAMLException)) throw error;
    const line = error.mark?.line ?? 0; // zero-based
    const where = error.mark ? ` at line ${line + 1}, column ${error.mark.column + 1}` : "";
    throw new ManifestReadError(source, `invalid YAML in document ${documentIndexAt(text, line)}: ${error.reason}${where}`);
  }
}

/** One-based number of the YAML document that contains the given zero-based line (documents split at `---`). */
function documentIndexAt(text: string, line: number): number {
  const lines = text.split("\n", line + 1);
  let index = 1;
  let content = false; // whether the current document has content yet: a leading `---` opens the first document
  for (const l of lines.slice(0, line)) {
    if (/^---(\s|$)/.test(l)) {
      if (content) index++;
      content = true;
    } else if (l.trim() !== "" && !l.trimStart().startsWith("#")) content = true;
  }
  return index;
}

/** Yields the objects in a document with their steps from its root, descending into `List`/`*List` kinds; `inferredKind` comes from the enclosing list. */
function* flattenLists(
  document: unknown,
  inferredKind: string | undefined,
  prefix: ReadonlyArray<string | number>,
): Generator<{ object: KubeObject; prefix: ReadonlyArray<string | number> }> {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return;
  const record = document as Record<string, unknown>;
  const kind = typeof record.kind === "string" && record.kind !== "" ? record.kind : inferredKind;
  if (kind === undefined) return;
  if (kind.endsWith("List") && Array.isArray(record.items)) {
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    for (const [index, item] of record.items.entries()) yield* flattenLists(item, itemKind, [...prefix, "items", index]);
    return;
  }
  yield { object: { ...record, kind }, prefix };
}

/**
 * The manifest files an input names: the file itself, or the sorted manifest files under a directory. A directory or
 * link under it that cannot be read is reported to `unreadable` and left out; the input itself must exist.
 */
function manifestFiles(input: string, unreadable: (error: ManifestReadError) => void): string[] {
  const stat = readOrThrow(input, () => fs.statSync(input));
  if (!stat.isDirectory()) return [input];
  const files: string[] = [];
  const walk = (directory: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = readOrThrow(directory, () => fs.readdirSync(directory, { withFileTypes: true }));
    } catch (error) {
      if (!(error instanceof ManifestReadError) || directory === input) throw error;
      unreadable(error);
      return;
    }
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      // Follow symbolic links like kubectl does; stat tells what they point to.
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDirectory = readOrThrow(entryPath, () => fs.statSync(entryPath)).isDirectory();
        } catch (error) {
          if (!(error instanceof ManifestReadError)) throw error;
          unreadable(error);
          continue;
        }
      }
      if (isDirectory) walk(entryPath);
      else if (manifestExtensions.some((extension) => entry.name.toLowerCase().endsWith(extension))) files.push(entryPath);
    }
  };
  walk(input);
  // Sorted as whole paths (code unit order) so that the result does not depend on the file system's listing order.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Runs a file system call, turning its failure into a {@link ManifestReadError} that names the file and the reason. */
function readOrThrow<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ManifestReadError) throw error;
    throw new ManifestReadError(file, describeFileError(error));
  }
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return (error as Error).message ?? String(error);
  }
}
