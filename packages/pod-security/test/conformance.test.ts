// Conformance with the upstream Pod Security Admission fixtures (v1.37) in ../shared/pss-fixtures:
// every pass pod is admitted at its level, every fail pod denied, and denied by the check the file is named after.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { evaluatePodSecurity, type PodSecurityViolation } from "../src";

/** The shared folder sits beside the repository root (CI clones the repo next to it). */
const FIXTURES_DIR = path.resolve(__dirname, "../../../../shared/pss-fixtures");

/** File counts from the fixtures README: a missing or partial directory must fail, not run zero tests. */
const EXPECTED_COUNTS = {
  "baseline/pass": 15,
  "baseline/fail": 34,
  "restricted/pass": 23,
  "restricted/fail": 76,
} as const;
type FixtureDir = keyof typeof EXPECTED_COUNTS;

/** At restricted, these baseline checks are replaced by a restricted twin that reports the same breach. */
const RESTRICTED_OVERRIDES: Readonly<Record<string, string>> = {
  capabilities_baseline: "capabilities_restricted",
  seccompprofile_baseline: "seccompProfile_restricted",
  hostpathvolumes: "restrictedVolumes",
  procmount: "procMount_restricted",
};

function fixtureFiles(dir: FixtureDir): string[] {
  const full = path.join(FIXTURES_DIR, dir);
  return fs.existsSync(full)
    ? fs
        .readdirSync(full)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
    : [];
}

function loadFixture(dir: FixtureDir, file: string): unknown {
  return parse(fs.readFileSync(path.join(FIXTURES_DIR, dir, file), "utf8"));
}

/** The check a fail file is about: its name minus the trailing number, e.g. "capabilities_baseline3" -> "capabilities_baseline". */
function checkNamedBy(file: string, level: "baseline" | "restricted"): string {
  const named = file.replace(/[0-9]*\.yaml$/, "");
  return (level === "restricted" ? RESTRICTED_OVERRIDES[named] : undefined) ?? named;
}

function describeViolations(violations: PodSecurityViolation[]): string {
  return violations.map((v) => `${v.check} at ${v.path}: ${v.message}`).join("\n  ");
}

describe("Pod Security Standards conformance with the upstream v1.37 fixtures", () => {
  it(`finds all fixture files in ${FIXTURES_DIR} (15/34/23/76 as the README lists)`, () => {
    for (const [dir, expected] of Object.entries(EXPECTED_COUNTS)) {
      assert.equal(fixtureFiles(dir as FixtureDir).length, expected, `${path.join(FIXTURES_DIR, dir)}: expected ${expected} .yaml files`);
    }
  });

  for (const level of ["baseline", "restricted"] as const) {
    describe(`${level}/pass: admitted at ${level}`, () => {
      for (const file of fixtureFiles(`${level}/pass`)) {
        it(file, () => {
          const pod = loadFixture(`${level}/pass`, file);
          const violations = evaluatePodSecurity(pod, { level });
          assert.deepEqual(violations, [], `${level}/pass/${file} denied:\n  ${describeViolations(violations)}`);
          if (level === "restricted") {
            assert.deepEqual(evaluatePodSecurity(pod, { level: "baseline" }), [], `${file} must pass baseline too`);
          }
        });
      }
    });

    describe(`${level}/fail: denied at ${level} by the check it is named after`, () => {
      for (const file of fixtureFiles(`${level}/fail`)) {
        it(file, () => {
          const pod = loadFixture(`${level}/fail`, file);
          const violations = evaluatePodSecurity(pod, { level });
          const expected = checkNamedBy(file, level);
          assert.ok(
            violations.some((v) => v.check.toLowerCase() === expected.toLowerCase()),
            `${level}/fail/${file}: expected a ${expected} violation, got:\n  ${describeViolations(violations) || "none"}`,
          );
          for (const v of violations) {
            assert.match(v.path, /^(spec|metadata)\./, `${file}: path ${v.path} must start at the object root`);
            assert.ok(v.message.length > 0 && v.fix.length > 0, `${file}: ${v.check} needs a message and a fix`);
          }
          if (level === "baseline") {
            assert.notDeepEqual(evaluatePodSecurity(pod, { level: "restricted" }), [], `${file} must fail restricted too`);
          }
        });
      }
    });
  }
});
