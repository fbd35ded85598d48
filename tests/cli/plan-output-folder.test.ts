// The plan empties its output folder, so it writes only into a folder it created or marked as its own: a typo such
// as `--out docs` is refused and leaves the folder exactly as it was.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { claimOutputFolder, ForeignFolderError, PLAN_MARKER } from "../../cli/plan-output-folder";
import { repoRoot } from "../../platform/offline/stack-file";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const plan = (args: string[]) => spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), ...args], { cwd: repoRoot, encoding: "utf8" });

/** Every file under `dir` with its content, to prove a folder unchanged. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = entry.isFile() ? fs.readFileSync(file, "utf8") : "<folder>";
  }
  return files;
}

describe("plan output folder", function () {
  this.timeout(120000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--out on a non-empty folder the plan did not write exits non-zero and leaves it unchanged", () => {
    const docs = path.join(tmp, "docs");
    fs.mkdirSync(path.join(docs, "guides"), { recursive: true });
    fs.writeFileSync(path.join(docs, "configuration.md"), "# the user's work\n");
    fs.writeFileSync(path.join(docs, "guides", "deploy.md"), "steps\n");
    const before = snapshot(docs);
    const r = plan(["--stack", "staging", "--out", docs]);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /--out .*docs is not empty and no plan wrote it \(there is no \.ecommerce-security-plan in it\), so it is left untouched/);
    assert.deepEqual(snapshot(docs), before);
  });

  it("a file given as --out is refused and kept", () => {
    const file = path.join(tmp, "notes.txt");
    fs.writeFileSync(file, "keep me\n");
    const r = plan(["--stack", "staging", "--out", file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /notes\.txt is a file, not a folder/);
    assert.equal(fs.readFileSync(file, "utf8"), "keep me\n");
  });

  it("re-running into its own folder works: the folder is emptied of the last plan and written again, nothing beside it touched", () => {
    const out = path.join(tmp, "plan-out");
    fs.writeFileSync(path.join(tmp, "beside.txt"), "neighbour\n");
    const first = plan(["--stack", "staging", "--out", out]);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(fs.existsSync(path.join(out, PLAN_MARKER)), "the plan marks the folder it created");
    fs.writeFileSync(path.join(out, "stale.yaml"), "left over\n");
    const second = plan(["--stack", "staging", "--out", out]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(fs.existsSync(path.join(out, "stale.yaml")), false, "what the last plan left is gone");
    assert.ok(fs.existsSync(path.join(out, "cluster", "namespace.core-e-commerce.yaml")));
    assert.ok(fs.existsSync(path.join(out, PLAN_MARKER)));
    assert.equal(fs.readFileSync(path.join(tmp, "beside.txt"), "utf8"), "neighbour\n");
  });

  it("an empty folder is claimed; a foreign one throws before anything is removed", () => {
    const empty = path.join(tmp, "empty");
    fs.mkdirSync(empty);
    claimOutputFolder(empty);
    assert.deepEqual(fs.readdirSync(empty), [PLAN_MARKER]);
    const foreign = path.join(tmp, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "a.txt"), "a\n");
    assert.throws(() => claimOutputFolder(foreign), ForeignFolderError);
    assert.deepEqual(fs.readdirSync(foreign), ["a.txt"]);
  });
});
