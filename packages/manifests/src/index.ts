// Reads Kubernetes manifests from files, directories and stdin, the way kubectl users lay them out:
// multi-document YAML, JSON, and `List` kinds that wrap many objects.
import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";

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

/** One object read from a manifest, with where it came from (for error messages). */
export interface SourcedObject {
  /** The parsed object; List items are returned one by one. */
  object: KubeObject;
  /** The file the object was read from, as the caller spelled it (`<stdin>` for `-`). */
  source: string;
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
 * (empty documents, Helm values files, ...) are skipped.
 * @throws {ManifestReadError} when an input does not exist, cannot be read or does not parse.
 */
export function readManifests(inputs: readonly string[], options: ReadManifestsOptions = {}): SourcedObject[] {
  const manifests: SourcedObject[] = [];
  for (const input of inputs) {
    if (input === "-") {
      const text = readOrThrow("<stdin>", () => (options.readStdin ?? (() => fs.readFileSync(0, "utf8")))());
      manifests.push(...parseManifestText(text, "<stdin>"));
      continue;
    }
    for (const file of manifestFiles(input)) {
      const text = readOrThrow(file, () => fs.readFileSync(file, "utf8"));
      manifests.push(...parseManifestText(text, file));
    }
  }
  return manifests;
}

/**
 * Parses the text of one manifest file: JSON when the name ends in `.json`, multi-document YAML otherwise
 * (YAML also accepts JSON, which is what stdin gets). Lists are flattened as in {@link readManifests}.
 * @throws {ManifestReadError} naming `source` when the text does not parse.
 */
export function parseManifestText(text: string, source: string): SourcedObject[] {
  const documents = source.toLowerCase().endsWith(".json") ? [parseJson(text, source)] : parseYamlDocuments(text, source);
  const manifests: SourcedObject[] = [];
  for (const document of documents) {
    for (const object of flattenLists(document, undefined)) manifests.push({ object, source });
  }
  return manifests;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ManifestReadError(source, `invalid JSON: ${(error as Error).message}`);
  }
}

function parseYamlDocuments(text: string, source: string): unknown[] {
  // js-yaml: an order of magnitude faster than the `yaml` package on large manifest sets (10 000 objects in about
  // a second instead of half a minute); its default schema honours `<<` merge keys as Kubernetes' reader does.
  try {
    return jsYaml.loadAll(text, null, { filename: source });
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

/** Yields the objects in a document, descending into `List`/`*List` kinds; `inferredKind` comes from the enclosing list. */
function* flattenLists(document: unknown, inferredKind: string | undefined): Generator<KubeObject> {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return;
  const record = document as Record<string, unknown>;
  const kind = typeof record.kind === "string" && record.kind !== "" ? record.kind : inferredKind;
  if (kind === undefined) return;
  if (kind.endsWith("List") && Array.isArray(record.items)) {
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    for (const item of record.items) yield* flattenLists(item, itemKind);
    return;
  }
  yield { ...record, kind };
}

/** The manifest files an input names: the file itself, or the sorted manifest files under a directory. */
function manifestFiles(input: string): string[] {
  const stat = readOrThrow(input, () => fs.statSync(input));
  if (!stat.isDirectory()) return [input];
  const files: string[] = [];
  const walk = (directory: string): void => {
    const entries = readOrThrow(directory, () => fs.readdirSync(directory, { withFileTypes: true }));
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      // Follow symbolic links like kubectl does; stat tells what they point to.
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && readOrThrow(entryPath, () => fs.statSync(entryPath)).isDirectory());
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
