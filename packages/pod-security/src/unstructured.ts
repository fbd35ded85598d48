// Safe reading of unstructured manifests: the evaluator sees raw YAML/JSON (or Pulumi props),
// so every field may be missing, null or of the wrong type.

/** A JSON object read from a manifest. */
export type Fields = Readonly<Record<string, unknown>>;

const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

/** The value as an object, or undefined when it is missing, null, an array or a scalar. */
export function fieldsOf(value: unknown): Fields | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** The value as a list, or an empty list when it is not one. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY_LIST;
}

/** The objects of a list (other items dropped), or an empty list when the value is not one. */
export function objectsOf(value: unknown): Fields[] {
  return listOf(value).flatMap((item) => {
    const fields = fieldsOf(item);
    return fields === undefined ? [] : [fields];
  });
}

/** Whether a field is set in the API's sense: present and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A value quoted the way PSA quotes names and values in its messages. */
export function quote(value: unknown): string {
  return `"${String(value)}"`;
}

/** Joins a field path prefix and a suffix without producing a leading dot. */
export function joinPath(prefix: string, suffix: string): string {
  return prefix === "" ? suffix : `${prefix}.${suffix}`;
}
