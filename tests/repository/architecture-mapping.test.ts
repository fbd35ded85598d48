// docs/architecture-mapping.md maps the architecture document (../shared/seed) to the product: every section of the
// document appears in it, every manifest file the document names is mapped, and every object it cites as
// `<stack>: <Kind> <namespace>/<name>` exists in that stack's offline plan (issue 18, done-when 2).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { repoRoot } from "../../platform/offline/stack-file";
import { realStacks, runStack } from "../harness";

const MAP = path.join(repoRoot, "docs", "architecture-mapping.md");
const SEED_DIR = path.join(repoRoot, "..", "shared", "seed");

/** The architecture document: the one text file of the seed folder besides its README. */
function seedDocument(): string {
  const files = fs.readdirSync(SEED_DIR).filter((f) => f.endsWith(".txt"));
  assert.equal(files.length, 1, `one document in ${SEED_DIR}: ${files.join(", ")}`);
  return fs.readFileSync(path.join(SEED_DIR, files[0]), "utf8");
}

/** The document's section headings (## and ###), outside its code blocks. */
export function sectionHeadings(markdown: string): string[] {
  const headings: string[] = [];
  let inCode = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    const m = !inCode && /^(#{2,3}) (.+?)\s*$/.exec(line);
    if (m) headings.push(m[2]);
  }
  return headings;
}

/** The manifest files the document names in its code blocks (`# orders-service-role.yaml`). */
export function manifestFiles(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(/^\s*# ((?:[\w.-]+\/)*[\w.-]+\.(?:ya?ml|json)|services\/[\w-]+\/Dockerfile)\s*$/gm)].map((m) => m[1]))];
}

/** A cited object: `<stack>: <Kind> <namespace>/<name>` or `<stack>: <Kind> <name>`. */
export interface Citation {
  stack: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Every object the map cites, in order. */
export function citations(markdown: string): Citation[] {
  return [...markdown.matchAll(/`([a-z0-9-]+): ([A-Z][A-Za-z]+) (?:([a-z0-9-]+)\/)?([a-z0-9.-]+)`/g)].map((m) => ({
    stack: m[1],
    kind: m[2],
    ...(m[3] ? { namespace: m[3] } : {}),
    name: m[4],
  }));
}

describe("docs/architecture-mapping.md: the architecture document, mapped", () => {
  const map = () => fs.readFileSync(MAP, "utf8");
  const mapHeadings = () => new Set(sectionHeadings(map()));

  it("every section heading of the document is a heading of the map", () => {
    const headings = sectionHeadings(seedDocument());
    assert.ok(headings.length > 50, `${headings.length} headings read from the document`);
    assert.deepEqual(
      headings.filter((h) => !mapHeadings().has(h)),
      [],
    );
  });

  it("every manifest file the document names is mapped", () => {
    const files = manifestFiles(seedDocument());
    assert.ok(files.includes("compliance-config.yaml") && files.includes("argocd-application.yaml") && files.length > 40, files.join(", "));
    assert.deepEqual(
      files.filter((f) => !map().includes(`\`${f}\``)),
      [],
    );
  });

  it("cites objects of the real stacks only, enough of them to cover each section", () => {
    const cited = citations(map());
    assert.ok(cited.length > 60, `${cited.length} citations`);
    assert.deepEqual(
      [...new Set(cited.map((c) => c.stack))].filter((s) => !realStacks.includes(s)),
      [],
    );
  });

  for (const stack of realStacks) {
    it(`every ${stack} object the map cites exists in ${stack}'s offline plan`, async () => {
      const cited = citations(map()).filter((c) => c.stack === stack);
      assert.ok(cited.length > 0);
      const planned = new Set(
        kubernetesObjects((await runStack(stack)).resources).map(
          (o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`,
        ),
      );
      assert.deepEqual(
        cited.map((c) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name}`).filter((k) => !planned.has(k)),
        [],
      );
    });
  }

  it("the citation reader finds namespaced and cluster-scoped objects and nothing else", () => {
    assert.deepEqual(citations("`staging: Role e-commerce/api-gateway` and `production: ClusterIssuer letsencrypt-prod`, not `npm test`"), [
      { stack: "staging", kind: "Role", namespace: "e-commerce", name: "api-gateway" },
      { stack: "production", kind: "ClusterIssuer", name: "letsencrypt-prod" },
    ]);
  });
});
