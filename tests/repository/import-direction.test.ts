// The import-direction lint rule (eslint.config.mjs): packages <- core <- components/<concern> <- platform <- cli and tests.
// Each case lints a virtual file placed inside the real folders (nothing is written), with the repository's own config.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";

const repoRoot = path.resolve(__dirname, "../..");

/** A module that exists in `dir` (a repository folder), as an import path without extension, so cases survive renames. */
function someModuleIn(dir: string): string {
  const file = fs
    .readdirSync(path.join(repoRoot, dir))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("test-") && f !== "index.ts")
    .sort()[0];
  assert.ok(file, `no module in ${dir}`);
  return `${dir}/${file.replace(/\.ts$/, "")}`;
}

/** The import path from the virtual file `from` to the repository path `target`. */
function relative(from: string, target: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), target);
  return rel.startsWith(".") ? rel : `./${rel}`;
}

describe("import-direction lint rule", function () {
  this.timeout(60000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  /** The rule's messages for a virtual file at `file` whose only statement imports `source`. */
  async function directionMessages(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(`import * as imported from "${source}";\nexport { imported };\n`, { filePath: path.join(repoRoot, file) });
    return result.messages.filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message);
  }

  async function assertReported(file: string, target: string, expected: RegExp): Promise<void> {
    const source = target.startsWith("@") ? target : relative(file, target);
    const messages = await directionMessages(file, source);
    assert.equal(messages.length, 1, `${file} importing ${source} should be reported`);
    assert.match(messages[0], expected);
    assert.match(messages[0], /Dependencies point one way: packages <- core <- components\/<concern> <- platform <- cli and tests/);
  }

  async function assertAllowed(file: string, target: string): Promise<void> {
    const source = target.startsWith("@") ? target : relative(file, target);
    assert.deepEqual(await directionMessages(file, source), [], `${file} importing ${source} should be allowed`);
  }

  describe("reports a wrong-way import", () => {
    it("core -> platform", () =>
      assertReported("core/bad.ts", "platform/platform", /^core\/ may import only packages and core\/; "\.\.\/platform\/platform" is in platform\//));

    it("a concern -> another concern", () =>
      assertReported(
        "components/network/bad.ts",
        someModuleIn("components/rbac"),
        /^components\/network\/ may import only packages, core\/ and its own folder.*is in components\/rbac\//,
      ));

    it("a concern -> platform", () =>
      assertReported("components/network/bad.ts", "platform/platform", /^components\/network\/ may import only .*never platform\/.*is in platform\//));

    it("a package -> core, and a package -> another package by a relative path", async () => {
      await assertReported(
        "packages/netpol/src/bad.ts",
        someModuleIn("core"),
        /^packages\/netpol may import only node builtins, npm packages, its own files and other @ecommerce-security\/\* packages by name.*is in core\//,
      );
      await assertReported("packages/netpol/src/bad.ts", "packages/manifests/src/index", /^packages\/netpol may import only .*is in packages\/manifests\//);
    });

    it("a package's tests -> the program", () =>
      assertReported("packages/netpol/test/bad.test.ts", someModuleIn("platform/offline"), /^packages\/netpol may import only .*is in platform\//));

    it("anything but tests -> tests/", async () => {
      const testCode = /^nothing but tests imports test code \(tests\/, \*\.test\.ts, components\/\*\/test-\*\.ts, packages\/\*\/test\/\); ".*" is in tests\//;
      await assertReported("platform/bad.ts", "tests/harness/index", testCode);
      await assertReported("cli/bad.ts", "tests/harness/index", testCode);
      await assertReported("components/network/bad.ts", "tests/harness/index", testCode);
      await assertReported("packages/netpol/src/bad.ts", "tests/harness/index", testCode);
    });

    it("code that is not a test -> a test helper of its own folder", () =>
      assertReported("components/network/bad.ts", "components/network/test-fixtures", /^nothing but tests imports test code/));

    it("policy -> ../packages (the pack depends on the rules by package name)", () =>
      assertReported(
        "policy/bad.ts",
        "packages/policy-rules/src/index",
        /^policy\/ .*may import only npm packages, such as @ecommerce-security\/policy-rules, and its own files/,
      ));

    it("platform -> cli", () => assertReported("platform/bad.ts", "cli/plan", /^platform\/ may import only .*is in cli\//));

    it("index.ts -> anything but platform", () =>
      assertReported("index.ts", someModuleIn("core"), /^index\.ts \(the program's entry\) may import only platform\//));
  });

  describe("accepts a right-way import", () => {
    it("a concern -> core, its own folder and a package by name", async () => {
      await assertAllowed("components/network/ok.ts", someModuleIn("core"));
      await assertAllowed("components/network/ok.ts", someModuleIn("components/network"));
      await assertAllowed("components/network/ok.ts", "@ecommerce-security/netpol");
    });

    it("platform -> components and core", async () => {
      await assertAllowed("platform/ok.ts", someModuleIn("components/network"));
      await assertAllowed("platform/ok.ts", someModuleIn("core"));
    });

    it("cli -> platform, components, packages", async () => {
      await assertAllowed("cli/ok.ts", "platform/platform");
      await assertAllowed("cli/ok.ts", someModuleIn("components/audit"));
      await assertAllowed("cli/ok.ts", "@ecommerce-security/policy-rules");
    });

    it("a package -> its own files and another package by name; policy -> the rules package by name", async () => {
      await assertAllowed("packages/netpol/src/ok.ts", someModuleIn("packages/netpol/src"));
      await assertAllowed("packages/netpol/src/ok.ts", "@ecommerce-security/manifests");
      await assertAllowed("policy/ok.ts", "@ecommerce-security/policy-rules");
    });

    it("index.ts -> platform", () => assertAllowed("index.ts", "platform/platform"));

    it("tests -> the harness and platform/offline, from tests/ and from a concern's test files", async () => {
      await assertAllowed("tests/stacks/ok.test.ts", someModuleIn("platform/offline"));
      await assertAllowed("components/network/ok.test.ts", "tests/harness/index");
      await assertAllowed("components/network/test-ok.ts", someModuleIn("platform/offline"));
    });
  });
});
