// The analyzer against np-guard/netpol-analyzer's expected connectivity lists (../shared/netpol-corpus, 30 cases):
// for each case, the connlist we print must be exactly the expected line sequence.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readManifests } from "@ecommerce-security/manifests";
import { analyze, connlistLines } from "../src";

/** The corpus sits in the `shared` folder beside the repository (CI clones the repo next to it). */
const corpusDir = path.resolve(__dirname, "../../../../shared/netpol-corpus");

interface CorpusCase {
  case: string;
  expected: { path: string; format: "connlist" | "connlist+exposure"; connlist_lines: number };
  exercises: string;
}

function loadCases(): CorpusCase[] {
  const manifestPath = path.join(corpusDir, "cases.json");
  if (!fs.existsSync(manifestPath)) return [];
  return (JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { cases: CorpusCase[] }).cases;
}

/** The expected connlist lines: the whole file, or for exposure outputs the lines before the first empty line. */
function expectedLines(corpusCase: CorpusCase): string[] {
  const lines = fs
    .readFileSync(path.join(corpusDir, corpusCase.case, corpusCase.expected.path), "utf8")
    .replace(/\r/g, "")
    .split("\n");
  const end = lines.indexOf("");
  return end < 0 ? lines : lines.slice(0, end);
}

/** Exact sequence comparison that reports the first difference and the missing/extra lines briefly (some cases have 24 000 lines). */
function assertSameLines(actual: string[], expected: string[]): void {
  const firstDifference = actual.findIndex((line, index) => line !== expected[index]);
  if (firstDifference < 0 && actual.length === expected.length) return;
  const expectedSet = new Set(expected);
  const actualSet = new Set(actual);
  const missing = expected.filter((line) => !actualSet.has(line));
  const extra = actual.filter((line) => !expectedSet.has(line));
  const at = firstDifference < 0 ? Math.min(actual.length, expected.length) : firstDifference;
  assert.fail(
    [
      `connlist differs at line ${at + 1} (got ${actual.length} lines, expected ${expected.length})`,
      `  got:      ${actual[at] ?? "<end>"}`,
      `  expected: ${expected[at] ?? "<end>"}`,
      `  ${missing.length} missing, e.g. ${missing.slice(0, 3).join(" | ")}`,
      `  ${extra.length} extra, e.g. ${extra.slice(0, 3).join(" | ")}`,
    ].join("\n"),
  );
}

describe("netpol analyzer matches the np-guard corpus", () => {
  const cases = loadCases();

  it(`finds all 30 corpus cases in ${corpusDir}`, () => {
    assert.equal(cases.length, 30, `expected 30 cases in ${path.join(corpusDir, "cases.json")}; is ../shared/netpol-corpus beside the repository?`);
  });

  for (const corpusCase of cases) {
    it(`${corpusCase.case}: ${corpusCase.exercises.split(";")[0]}`, () => {
      const expected = expectedLines(corpusCase);
      assert.equal(expected.length, corpusCase.expected.connlist_lines, "expected-output line count disagrees with cases.json");
      const result = analyze(readManifests([path.join(corpusDir, corpusCase.case, "input")]));
      assertSameLines(connlistLines(result), expected);
    });
  }
});
