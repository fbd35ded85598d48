// The pack's Pod Security verdict equals upstream's: over the upstream Pod Security Admission fixtures (v1.37) and
// the cases where a restricted check replaces its baseline twin, pss-baseline and pss-restricted together report a
// pod exactly when upstream's evaluation at the level it is held to denies it. A baseline finding for a pod the
// level's own evaluation admits (a Windows pod adding NET_RAW at restricted) would block what the cluster admits.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { evaluatePodSecurity } from "@ecommerce-security/pod-security";
import { k8s, reportedBy, type FakeResource } from "../../cli/pack-engine";
import type { ManifestFixture } from "./builders";

const FIXTURES_DIR = path.resolve(__dirname, "../../../shared/pss-fixtures");
const LEVELS = ["baseline", "restricted"] as const;
type Level = (typeof LEVELS)[number];

function fixtures(level: Level, outcome: "pass" | "fail"): Array<{ name: string; pod: ManifestFixture }> {
  const dir = path.join(FIXTURES_DIR, level, outcome);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ name: `${level}/${outcome}/${f}`, pod: parse(fs.readFileSync(path.join(dir, f), "utf8")) as ManifestFixture }));
}

/** A Windows pod of the restricted fixtures' shape with one change. */
function windowsPod(container: Record<string, unknown>, podSecurityContext: Record<string, unknown> = { runAsNonRoot: true }): ManifestFixture {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "windows" },
    spec: {
      os: { name: "windows" },
      securityContext: podSecurityContext,
      containers: [{ name: "iis", image: "registry.shop.example.com/iis:1", ...container }],
    },
  };
}

/** Pods where a restricted check overrides its baseline twin and the two disagree. */
const TWIN_CASES: Array<{ name: string; pod: ManifestFixture }> = [
  { name: "Windows pod adding NET_RAW", pod: windowsPod({ securityContext: { capabilities: { add: ["NET_RAW"] } } }) },
  { name: "Windows pod with an Unconfined seccomp profile", pod: windowsPod({}, { runAsNonRoot: true, seccompProfile: { type: "Unconfined" } }) },
  {
    name: "Linux pod adding NET_RAW",
    pod: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "linux" },
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
          {
            name: "app",
            image: "registry.shop.example.com/app:1",
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_RAW"] } },
          },
        ],
      },
    },
  },
];

/** What the pack's two Pod Security rules report for one pod held to `level` (its namespace is not declared). */
async function packFindings(pod: ManifestFixture, level: Level): Promise<string[]> {
  const set: FakeResource[] = [k8s(pod)];
  const config = { defaultLevel: level };
  return [...(await reportedBy("pss-baseline", set, config)), ...(await reportedBy("pss-restricted", set, config))].map((r) => r.message);
}

describe("the pack's Pod Security verdict equals upstream's", () => {
  const all = [...LEVELS.flatMap((level) => [...fixtures(level, "pass"), ...fixtures(level, "fail")]), ...TWIN_CASES];

  it("reads every fixture (15/34/23/76)", () => {
    assert.deepEqual(
      LEVELS.flatMap((level) => [fixtures(level, "pass").length, fixtures(level, "fail").length]),
      [15, 34, 23, 76],
    );
  });

  for (const level of LEVELS) {
    describe(`held to ${level}`, () => {
      for (const { name, pod } of all) {
        it(name, async () => {
          const upstream = evaluatePodSecurity(pod, { level });
          const reported = await packFindings(pod, level);
          if (upstream.length === 0) assert.deepEqual(reported, [], "upstream admits the pod: the pack must report nothing");
          else assert.ok(reported.length > 0, `upstream denies the pod (${upstream.map((v) => v.check).join(", ")}): the pack must report it`);
        });
      }
    });
  }

  it("a Windows pod adding NET_RAW: restricted admits it (the restricted capabilities check skips Windows), baseline denies it", async () => {
    const pod = TWIN_CASES[0].pod;
    assert.deepEqual(evaluatePodSecurity(pod, { level: "restricted" }), []);
    assert.deepEqual(await packFindings(pod, "restricted"), []);
    assert.match((await packFindings(pod, "baseline")).join("\n"), /non-default capabilities .*NET_RAW.* \[baseline control capabilities_baseline\]/);
  });

  it("a Linux pod adding NET_RAW at restricted: the baseline finding stands beside its restricted twin", async () => {
    const reported = await packFindings(TWIN_CASES[2].pod, "restricted");
    assert.equal(reported.length, 2, reported.join("\n"));
    assert.ok(reported.some((m) => /\[baseline control capabilities_baseline\]/.test(m)));
    assert.ok(reported.some((m) => /\[restricted control capabilities_restricted\]/.test(m)));
  });
});
