// Lint the TypeScript sources with the recommended rule sets; generated and installed files are ignored.
// The import-direction rule (eslint-plugin-boundaries) enforces the architecture's one-way dependencies,
//   packages <- core <- components/<concern> <- platform <- cli and tests,
// and tests/repository/import-direction.test.ts proves it reports wrong-way imports and accepts right-way ones.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import tseslint from "typescript-eslint";

/** Test code. Nothing else may import it; it is exempt from the layer rules, except a package's tests (below). */
const TEST_FILES = ["**/*.test.ts", "components/*/test-*.ts", "packages/*/test/**", "tests/**"];

const DIRECTION = "Dependencies point one way: packages <- core <- components/<concern> <- platform <- cli and tests.";
/** Names the import and the folder it points into, for the messages below. */
const IMPORTED = '"{{ dependency.source }}" is {{#if to.element.path}}in {{ to.element.path }}/{{else}}in no layer (or not found){{/if}}';

/** The layers, by folder. The first descriptor that matches a file wins. */
const ELEMENTS = [
  { type: "package", pattern: "packages/*", capture: ["package"], partialMatch: false },
  { type: "core", pattern: "core", partialMatch: false },
  { type: "concern", pattern: "components/*", capture: ["concern"], partialMatch: false },
  { type: "platform", pattern: "platform", partialMatch: false },
  { type: "policy", pattern: "policy", partialMatch: false },
  { type: "cli", pattern: "cli", partialMatch: false },
  { type: "tools", pattern: "tools", partialMatch: false },
  { type: "tests", pattern: "tests", partialMatch: false },
];

const to = (...types) => ({ to: { element: { type: types } } });
/** Another workspace package, imported by its name (never by a relative path into its folder). */
const packageByName = { to: { element: { type: "package" } }, dependency: { source: "@ecommerce-security/*" } };

/**
 * What each layer may import besides node builtins, npm packages and its own files (the rule checks local files
 * only), and what the message says when it imports something else.
 */
const LAYERS = [
  {
    from: { element: { type: "package" } },
    allow: packageByName,
    message:
      "packages/{{ from.element.captured.package }} may import only node builtins, npm packages, its own files and other @ecommerce-security/* packages by name, nothing of the program",
  },
  {
    from: { element: { type: "core" } },
    allow: [packageByName, to("core")],
    message: "core/ may import only packages and core/",
  },
  {
    from: { element: { type: "concern" } },
    allow: [packageByName, to("core")],
    message:
      "components/{{ from.element.captured.concern }}/ may import only packages, core/ and its own folder, never platform/, cli/, tests/, policy/ or another concern (what concerns share belongs in core/)",
  },
  {
    from: { element: { type: "platform" } },
    allow: [packageByName, to("core", "concern")],
    message: "platform/ may import only packages, core/, components/ and platform/, never cli/ or tests/",
  },
  {
    from: { element: { type: "policy" } },
    allow: packageByName,
    message:
      "policy/ (the pack, published on its own) may import only npm packages, such as @ecommerce-security/policy-rules, and its own files: no relative path out of policy/",
  },
  {
    from: { element: { type: ["cli", "tools"] } },
    allow: [packageByName, to("package", "core", "concern", "platform", "policy", "cli", "tools")],
    message: "{{ from.element.type }}/ may import anything but tests/ (nothing imports tests)",
  },
  {
    from: { file: { categories: "entry" } },
    allow: to("platform"),
    message: "index.ts (the program's entry) may import only platform/: load the stack, build the platform, export its outputs",
  },
];

/**
 * The rule's policies, where the last one that matches an import decides: per layer, one that disallows every local
 * import with the layer's message, then one that allows what the layer may import; then every import inside one
 * element (a package, core/, a concern's folder, ...) is allowed, and finally any import of test code from code
 * that is not a test is disallowed.
 */
const POLICIES = [
  ...LAYERS.flatMap(({ from, allow, message }) => [
    { from, disallow: { to: { module: { origin: "local" } } }, message: `${message}; ${IMPORTED}. ${DIRECTION}` },
    { from, allow },
  ]),
  { allow: { dependency: { relationship: { to: "internal" } } } },
  {
    from: { file: { categories: ["source", "entry"] } },
    disallow: { to: { file: { categories: "test" } } },
    message: `nothing but tests imports test code (tests/, *.test.ts, components/*/test-*.ts, packages/*/test/); ${IMPORTED}. ${DIRECTION}`,
  },
];

const importDirection = [
  "error",
  {
    default: "disallow",
    // Imports inside one element are checked too (for test code), and so is a local file that belongs to no layer.
    checkInternals: true,
    checkUnknownLocals: true,
    message: `no policy allows this import; ${IMPORTED}. ${DIRECTION}`,
    policies: POLICIES,
  },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "policy/node_modules/**", "packages/*/node_modules/**", "bin/**", "plan-out/**", "out/**", "tools/**/*.go"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    name: "import-direction",
    files: ["**/*.ts"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".mts", ".js", ".mjs", ".json"] } },
      "boundaries/elements": ELEMENTS,
      "boundaries/files": [
        { category: "entry", pattern: "index.ts" },
        { category: "test", pattern: TEST_FILES },
        { category: "source", pattern: "**" },
      ],
      "boundaries/files-single-match": true,
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import", "require"],
      "boundaries/legacy-templates": false,
    },
    rules: { "boundaries/dependencies": importDirection },
  },
  // Test code may import the harness, platform/offline and whatever it tests...
  { name: "import-direction/tests", files: TEST_FILES, rules: { "boundaries/dependencies": "off" } },
  // ...but a package's tests stay inside the packages: they may not import the program.
  { name: "import-direction/package-tests", files: ["packages/*/test/**"], rules: { "boundaries/dependencies": importDirection } },
);
