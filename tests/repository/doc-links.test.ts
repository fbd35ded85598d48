// The README and the docs point readers at files: every relative link must name a file or folder that exists, so
// the docs cannot keep describing a layout the code has left.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../platform/offline/stack-file";

const documents = [
  "README.md",
  ...fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  "tools/e2e/README.md",
];

/** Relative link targets of a Markdown document (anchors and URLs left out). */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1].split("#")[0]).filter((target) => target && !/^[a-z]+:/.test(target));
}

describe("documentation links", () => {
  for (const doc of documents) {
    it(`${doc}: every relative link names an existing file`, () => {
      const text = fs.readFileSync(path.join(repoRoot, doc), "utf8");
      const missing = relativeLinks(text).filter((target) => !fs.existsSync(path.resolve(repoRoot, path.dirname(doc), target)));
      assert.deepEqual(missing, []);
    });
  }
});
