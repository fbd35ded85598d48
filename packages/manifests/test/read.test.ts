// packages/manifests/src/index.ts: how manifests are found and parsed, and how unreadable input is reported.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ManifestReadError, readManifests } from "../src/index";

describe("reading manifests", () => {
  let dir: string;
  const write = (relative: string, text: string): string => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const summary = (manifests: ReturnType<typeof readManifests>): string[] =>
    manifests.map(({ object, source }) => `${path.relative(dir, source)}: ${object.kind}/${String((object.metadata ?? {}).name)}`);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-read-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("walks a directory recursively in sorted path order, reading .yaml, .yml and .json only", () => {
    write("b.yaml", "kind: Pod\nmetadata: {name: b}\n");
    write("a/z.yml", "kind: Pod\nmetadata: {name: z}\n");
    write("a/c.json", '{"kind": "Pod", "metadata": {"name": "c"}}');
    write("notes.txt", "kind: Pod\nmetadata: {name: ignored}\n");
    assert.deepEqual(summary(readManifests([dir])), ["a/c.json: Pod/c", "a/z.yml: Pod/z", "b.yaml: Pod/b"]);
  });

  it("reads every document of a multi-document YAML file and skips empty documents and non-objects", () => {
    const file = write(
      "multi.yaml",
      "---\nkind: Namespace\nmetadata: {name: shop}\n---\n---\n# only a comment\n---\njust a string\n---\nkind: Pod\nmetadata: {name: p}\n",
    );
    assert.deepEqual(summary(readManifests([file])), ["multi.yaml: Namespace/shop", "multi.yaml: Pod/p"]);
  });

  it("flattens List and *List kinds, inferring the kind of items that omit it from the list kind", () => {
    const file = write(
      "lists.json",
      JSON.stringify({
        kind: "List",
        items: [
          { kind: "PodList", items: [{ metadata: { name: "p1" } }, { kind: "Pod", metadata: { name: "p2" } }] },
          { kind: "Service", metadata: { name: "s" } },
          { metadata: { name: "no-kind-in-generic-list" } },
        ],
      }),
    );
    assert.deepEqual(summary(readManifests([file])), ["lists.json: Pod/p1", "lists.json: Pod/p2", "lists.json: Service/s"]);
  });

  it("reads - from stdin, naming the source <stdin>", () => {
    const manifests = readManifests(["-"], { readStdin: () => "kind: NetworkPolicy\nmetadata: {name: deny}\n" });
    assert.deepEqual(
      manifests.map(({ object, source }) => `${source} ${object.kind}`),
      ["<stdin> NetworkPolicy"],
    );
  });

  it("names the missing path and says why", () => {
    const missing = path.join(dir, "nope");
    assert.throws(
      () => readManifests([missing]),
      (error: unknown) => error instanceof ManifestReadError && error.file === missing && error.message === `${missing}: no such file or directory`,
    );
  });

  it("names the file and the line of a YAML syntax error", () => {
    const file = write("broken.yaml", "kind: Pod\nmetadata:\n  name: [unclosed\n");
    assert.throws(
      () => readManifests([dir]),
      (error: unknown) => error instanceof ManifestReadError && error.file === file && /invalid YAML in document 1: .*line 4/s.test(error.reason),
    );
  });

  it("reads YAML as Kubernetes does: merge keys are merged, timestamps and version-like values stay strings", () => {
    const file = write(
      "anchors.yaml",
      "kind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: 2024-01-01T00:00:00Z\nx: &base {a: 1}\ndata:\n  <<: *base\n  b: '2'\n  v: 1.20\n",
    );
    const [{ object }] = readManifests([file]);
    assert.deepEqual(object.data, { a: 1, b: "2", v: 1.2 });
    assert.equal((object.metadata as { creationTimestamp: unknown }).creationTimestamp, "2024-01-01T00:00:00Z");
  });

  it("names the file of invalid JSON", () => {
    const file = write("broken.json", '{"kind": "Pod",');
    assert.throws(
      () => readManifests([file]),
      (error: unknown) => error instanceof ManifestReadError && error.file === file && /^invalid JSON: /.test(error.reason),
    );
  });
});
