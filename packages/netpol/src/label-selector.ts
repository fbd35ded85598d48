// Kubernetes label selectors (metav1.LabelSelector): matchLabels AND matchExpressions, validated once and
// compiled into a list of requirements.

/** Labels of a pod or namespace. */
export type Labels = Readonly<Record<string, string>>;

/** A selector operator as Kubernetes spells it. */
export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

const operators: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** One requirement of a compiled selector; `matchLabels` entries become `In` with one value. */
export interface Requirement {
  /** The label key. */
  readonly key: string;
  /** How the label's value is tested. */
  readonly operator: SelectorOperator;
  /** The values for `In`/`NotIn`; empty for `Exists`/`DoesNotExist`. */
  readonly values: ReadonlySet<string>;
}

/** A validated selector: every requirement must hold; no requirement matches everything (`{}`). */
export interface LabelSelector {
  /** The requirements, all of which must hold. */
  readonly requirements: readonly Requirement[];
  /** A canonical text of the selector, equal for equal selectors; used as a cache key. */
  readonly key: string;
}

/** The selector `{}`: matches every pod (or namespace). */
export const matchEverything: LabelSelector = { requirements: [], key: "{}" };

/**
 * Validates and compiles a selector object from a manifest. Problems (a wrong operator, `In` without values,
 * values on `Exists`, non-string values) are appended to `problems`, prefixed with `where` (the field path), and the
 * faulty part is left out; callers reject the input once every problem has been collected.
 */
export function compileSelector(raw: unknown, where: string, problems: string[]): LabelSelector {
  if (raw === undefined || raw === null) return matchEverything;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${where}: expected a label selector object, got ${JSON.stringify(raw)}`);
    return matchEverything;
  }
  const { matchLabels, matchExpressions } = raw as { matchLabels?: unknown; matchExpressions?: unknown };
  const requirements: Requirement[] = [];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== "object" || Array.isArray(matchLabels)) {
      problems.push(`${where}.matchLabels: expected a map of label key to value, got ${JSON.stringify(matchLabels)}`);
    } else {
      for (const [key, value] of Object.entries(matchLabels)) {
        const text = labelValue(value);
        if (text === undefined) problems.push(`${where}.matchLabels.${key}: value ${JSON.stringify(value)} is not a string`);
        else requirements.push({ key, operator: "In", values: new Set([text]) });
      }
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      problems.push(`${where}.matchExpressions: expected a list, got ${JSON.stringify(matchExpressions)}`);
    } else {
      matchExpressions.forEach((expression: unknown, index) => {
        const requirement = compileExpression(expression, `${where}.matchExpressions[${index}]`, problems);
        if (requirement) requirements.push(requirement);
      });
    }
  }
  if (requirements.length === 0) return matchEverything;
  const key = requirements
    .map((r) => JSON.stringify([r.key, r.operator, [...r.values].sort()]))
    .sort()
    .join(",");
  return { requirements, key };
}

function compileExpression(raw: unknown, where: string, problems: string[]): Requirement | undefined {
  if (raw === null || typeof raw !== "object") {
    problems.push(`${where}: expected {key, operator, values}, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  const { key, operator, values } = raw as { key?: unknown; operator?: unknown; values?: unknown };
  if (typeof key !== "string" || key === "") {
    problems.push(`${where}.key: expected a label key, got ${JSON.stringify(key)}`);
    return undefined;
  }
  if (!operators.includes(operator as SelectorOperator)) {
    problems.push(`${where}.operator: unknown operator ${JSON.stringify(operator)}; allowed: ${operators.join(", ")}`);
    return undefined;
  }
  const op = operator as SelectorOperator;
  const list = values === undefined || values === null ? [] : values;
  if (!Array.isArray(list) || list.some((value) => labelValue(value) === undefined)) {
    problems.push(`${where}.values: expected a list of strings, got ${JSON.stringify(values)}`);
    return undefined;
  }
  const texts = list.map((value) => labelValue(value) as string);
  if ((op === "In" || op === "NotIn") && texts.length === 0) {
    problems.push(`${where}.values: operator ${op} needs at least one value`);
    return undefined;
  }
  if ((op === "Exists" || op === "DoesNotExist") && texts.length > 0) {
    problems.push(`${where}.values: operator ${op} takes no values, got ${JSON.stringify(values)}`);
    return undefined;
  }
  return { key, operator: op, values: new Set(texts) };
}

/** Label values are strings; YAML turns `version: 2` or `enabled: true` into numbers and booleans, read them as text. */
export function labelValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Whether `labels` satisfy every requirement of `selector` (`NotIn` holds when the key is absent, as in Kubernetes). */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const { key, operator, values } of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case "In":
        if (!has || !values.has(labels[key])) return false;
        break;
      case "NotIn":
        if (has && values.has(labels[key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}
