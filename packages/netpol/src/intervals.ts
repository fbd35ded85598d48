// Sets of integers stored as sorted, disjoint, non-adjacent inclusive intervals in one flat array
// `[from0, to0, from1, to1, ...]`. Ports (1-65535) and IPv4 addresses (0 to 2^32-1) both use it, so a
// 0.0.0.0/0 ipBlock or an "all ports" rule costs two numbers instead of millions.

/** A normalized interval list: `[from0, to0, from1, to1, ...]`, ascending, disjoint, adjacent intervals merged. */
export type IntervalList = readonly number[];

/** The empty set. */
export const emptyIntervals: IntervalList = Object.freeze([]) as IntervalList;

/** Builds a normalized list from inclusive `[from, to]` pairs in any order, merging overlapping and adjacent pairs. */
export function intervalsOf(pairs: ReadonlyArray<readonly [number, number]>): IntervalList {
  const sorted = pairs.filter(([from, to]) => from <= to).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const result: number[] = [];
  for (const [from, to] of sorted) {
    const last = result.length - 1;
    // `to + 1` merges adjacent intervals: 8080 and 8081 are one range 8080-8081.
    if (last > 0 && from <= result[last] + 1) result[last] = Math.max(result[last], to);
    else result.push(from, to);
  }
  return result;
}

/** The union of two normalized lists. */
export function unionIntervals(a: IntervalList, b: IntervalList): IntervalList {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const result: number[] = [];
  let i = 0;
  let j = 0;
  const push = (from: number, to: number): void => {
    const last = result.length - 1;
    if (last > 0 && from <= result[last] + 1) result[last] = Math.max(result[last], to);
    else result.push(from, to);
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      push(a[i], a[i + 1]);
      i += 2;
    } else {
      push(b[j], b[j + 1]);
      j += 2;
    }
  }
  return result;
}

/** The intersection of two normalized lists. */
export function intersectIntervals(a: IntervalList, b: IntervalList): IntervalList {
  if (a.length === 0 || b.length === 0) return emptyIntervals;
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i], b[j]);
    const to = Math.min(a[i + 1], b[j + 1]);
    if (from <= to) result.push(from, to);
    // Advance whichever interval ends first; the other may still overlap the next one.
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return result;
}

/** The elements of `a` that are not in `b`. */
export function subtractIntervals(a: IntervalList, b: IntervalList): IntervalList {
  if (a.length === 0 || b.length === 0) return a;
  const result: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let from = a[i];
    const to = a[i + 1];
    while (j < b.length && b[j + 1] < from) j += 2;
    let k = j;
    while (k < b.length && b[k] <= to && from <= to) {
      if (b[k] > from) result.push(from, b[k] - 1);
      from = Math.max(from, b[k + 1] + 1);
      k += 2;
    }
    if (from <= to) result.push(from, to);
  }
  return result;
}

/** Whether two normalized lists hold the same elements. */
export function intervalsEqual(a: IntervalList, b: IntervalList): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `value` is in the list (binary search over the intervals). */
export function intervalsContain(list: IntervalList, value: number): boolean {
  let low = 0;
  let high = list.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (value < list[2 * middle]) high = middle - 1;
    else if (value > list[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

/** The list as `[from, to]` pairs, for display and JSON. */
export function intervalPairs(list: IntervalList): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
  return pairs;
}
