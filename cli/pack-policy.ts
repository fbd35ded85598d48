/**
 * `npm run pack:policy [-- --out <dir>]`: the CrossGuard pack as a folder that stands alone (default out/policy-pack):
 * its entry bundled into one JavaScript file with the rules it depends on by name (@ecommerce-security/policy-rules and
 * the packages it uses), a package.json whose dependencies are only what npm can install (@pulumi/policy and
 * @pulumi/pulumi, at the pack's pinned versions), an npm-shrinkwrap.json that pins everything they install to the
 * versions of this repository's lockfile, and PulumiPolicy.yaml. That folder is what `pulumi policy publish`
 * uploads (it runs `npm pack` there) and what `pulumi preview --policy-pack <folder>` runs after `npm install`; in this
 * repository, `pulumi preview --policy-pack policy` runs the TypeScript sources directly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { repoRoot } from "../platform/offline/stack-file";
import { loadCommander, parseArguments, runCommand } from "./args";

/** The pack's source folder. */
export const POLICY_DIR = path.join(repoRoot, "policy");

/** The workspace packages the pack depends on by name: bundled, since npm cannot install them. */
const BUNDLED_SCOPE = "@ecommerce-security/";

interface SourceManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

/** One entry of a package-lock.json (lockfileVersion 3) `packages` map. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** The npm registry's tarball URL of a locked package (`@scope/name` -> `.../@scope/name/-/name-<version>.tgz`). */
function registryTarball(name: string, entry: LockEntry): string {
  if (entry.version === undefined) throw new Error(`package-lock.json: ${name} has no version`);
  return `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf("/") + 1)}-${entry.version}.tgz`;
}

/** Where Node would find `name` from the package at `from` (a lock key such as `node_modules/a/node_modules/b`). */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const at = base.lastIndexOf("/node_modules/");
    base = at < 0 ? "" : base.slice(0, at);
  }
}

/**
 * The npm-shrinkwrap.json of the standalone pack: the workspace lockfile's entries of the pack's installable
 * dependencies and everything they need, so that the published pack installs exactly the versions tested here (and,
 * from a warm npm cache, offline). Required peers come along; optional peers (typescript, ts-node) do not.
 */
export function packShrinkwrap(
  rootLock: { packages: Record<string, LockEntry> },
  manifest: { name: string; version: string; dependencies: Record<string, string> },
) {
  const packages = rootLock.packages;
  const kept = new Map<string, LockEntry>();
  const visit = (key: string) => {
    if (kept.has(key)) return;
    const entry = packages[key];
    if (entry.link) throw new Error(`${key} is a workspace link: it cannot be installed from a registry`);
    kept.set(key, entry);
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).flatMap(([name, meta]) => (meta.optional ? [name] : [])));
    const needs = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
    ];
    for (const name of needs) {
      const found = resolveInLock(packages, key, name);
      if (found !== undefined) visit(found);
      else if (!(name in (entry.optionalDependencies ?? {}))) throw new Error(`package-lock.json: ${key} needs ${name}, which the lockfile does not hold`);
    }
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const key = `node_modules/${name}`;
    if (packages[key] === undefined) throw new Error(`package-lock.json holds no ${key}: run npm install`);
    if (packages[key].version !== manifest.dependencies[name])
      throw new Error(`package-lock.json has ${name} ${packages[key].version}, the pack pins ${manifest.dependencies[name]}`);
    visit(key);
  }
  const entries = [...kept.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
      // The workspace marks packages only its tools use as dev; in the pack every one is a runtime dependency. Each
      // names its tarball (the workspace lockfile leaves it to the registry), so that npm needs no metadata lookup.
      ...Object.fromEntries(
        entries.map(([key, entry]) => {
          const fields = Object.fromEntries(Object.entries(entry).filter(([field]) => field !== "dev" && field !== "devOptional"));
          return [key, { ...fields, resolved: entry.resolved ?? registryTarball(key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length), entry) }];
        }),
      ),
    },
  };
}

/** What was built. */
export interface BuiltPack {
  /** The folder. */
  dir: string;
  /** Its package.json. */
  manifest: { name: string; version: string; main: string; dependencies: Record<string, string> };
  /** The source files the bundle holds, relative to the repository (for the build's report). */
  inputs: string[];
}

/**
 * Builds the standalone pack into `outDir` (emptied first).
 * @throws Error when a dependency of the pack is neither bundled nor installable, or when the bundle fails.
 */
export function buildPolicyPack(outDir: string): BuiltPack {
  const source = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as SourceManifest;
  const installable = Object.fromEntries(Object.entries(source.dependencies).filter(([name]) => !name.startsWith(BUNDLED_SCOPE)));
  for (const [name, version] of Object.entries(installable)) {
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version))
      throw new Error(`policy/package.json: ${name} must be pinned to an exact registry version (got ${version})`);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: [path.join(POLICY_DIR, "index.ts")],
    outfile: path.join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // The engine's own packages stay packages: the analyzer loads the pack with the @pulumi/pulumi it installed.
    external: Object.keys(installable).flatMap((name) => [name, `${name}/*`]),
    // The licences of what is bundled (zod, js-yaml, ipaddr.js) travel with it.
    legalComments: "eof",
    metafile: true,
    logLevel: "silent",
  });
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    license: source.license,
    main: "index.js",
    engines: source.engines,
    dependencies: installable,
  };
  fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const rootLock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  fs.writeFileSync(path.join(outDir, "npm-shrinkwrap.json"), `${JSON.stringify(packShrinkwrap(rootLock, manifest), null, 2)}\n`);
  fs.copyFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.relative(repoRoot, path.resolve(input)));
  return { dir: outDir, manifest, inputs };
}

async function main(args: readonly string[]): Promise<number> {
  const commander = await loadCommander();
  const program = new commander.Command()
    .name("pack:policy")
    .description("Build the CrossGuard pack as a folder that stands alone (publish it with `pulumi policy publish` from there).")
    .option("--out <dir>", "output folder (emptied first)", path.join(repoRoot, "out", "policy-pack"));
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const { out } = program.opts<{ out: string }>();
  const built = buildPolicyPack(path.resolve(out));
  const bundled = built.inputs.filter((i) => i.includes("packages/")).length;
  console.log(
    `policy pack ${built.manifest.name} ${built.manifest.version} in ${built.dir}: index.js (${built.inputs.length} sources, ${bundled} from the workspace packages), package.json (dependencies: ${Object.keys(built.manifest.dependencies).join(", ")}), npm-shrinkwrap.json, PulumiPolicy.yaml`,
  );
  console.log(`publish: cd ${built.dir} && pulumi policy publish <org>; try it: pulumi preview --policy-pack ${built.dir} (after npm install there)`);
  return 0;
}

if (require.main === module) runCommand(main);
