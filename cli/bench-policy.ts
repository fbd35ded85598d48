// Benchmark of the policy pack: the time policy:check takes over a 10 000-object manifest set, run once as the command
// runs it (read + parse + every rule + the text report with file and line), against a budget (3 s: exit 1 when over);
// then pods evaluated per second by the Pod Security rules through the pack's CrossGuard path (engine-shaped stack
// validation args, unknown-checking proxies, every resource normalized).
// Run: npm run bench:policy [-- --objects 10000 --budget 3000 --pods 2000 --seconds 3]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { readManifests } from "@ecommerce-security/manifests";
import { checkManifestInputs, fromManifest, runPolicies } from "@ecommerce-security/policy-rules";
import { manifestSet } from "./bench-manifests";
import { main as policyCheck } from "./policy-check";
import { policyNamed, stackArgs, k8s, type FakeResource } from "./pack-engine";
import { loadCommander, parseArguments, positiveNumber, runCommand } from "./args";

/** Runs `work` repeatedly for about `seconds` after one warm-up; returns rounds per second. */
function roundsPerSecond(work: () => void, seconds: number): number {
  work();
  let rounds = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    work();
    rounds++;
    elapsed = process.hrtime.bigint() - start;
  }
  return rounds / (Number(elapsed) / 1e9);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(args: readonly string[]): Promise<number> {
  const commander = await loadCommander();
  const program = new commander.Command()
    .name("bench:policy")
    .description("Benchmark the policy pack: Pod Security pods per second through the CrossGuard path, and policy:check over a manifest set.")
    .option("--objects <count>", "objects in the policy:check manifest set", positiveNumber(commander), 10_000)
    .option("--pods <count>", "pods in the stack the Pod Security policies validate", positiveNumber(commander), 2_000)
    .option("--seconds <seconds>", "time spent measuring each throughput", positiveNumber(commander), 3)
    .option("--budget <ms>", "time policy:check of the manifest set may take; exit 1 when it takes longer", positiveNumber(commander), 3000);
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const { objects, pods: podCount, seconds, budget } = program.opts<{ objects: number; pods: number; seconds: number; budget: number }>();
  console.log(`policy pack benchmark (node ${process.version}, ${os.cpus().length} CPUs)`);

  // 1. policy:check over a 10 000-object manifest set, as the command runs it once: read + parse + every rule + the
  // text report (each finding with its file and line), in a process that has not run it before.
  let verdict: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-policy-"));
  try {
    const file = path.join(dir, "set.yaml");
    fs.writeFileSync(
      file,
      manifestSet(objects)
        .map((m) => stringify(m))
        .join("---\n"),
    );
    const size = fs.statSync(file).size;
    const heapBefore = process.memoryUsage().heapUsed;
    let chars = 0;
    const cpuBefore = process.cpuUsage();
    let start = process.hrtime.bigint();
    const code = await policyCheck(["--format", "text", file], { stdout: (text) => (chars += text.length), stderr: () => undefined });
    const total = ms(start);
    const cpu = process.cpuUsage(cpuBefore);
    const result = checkManifestInputs([file]);
    start = process.hrtime.bigint();
    const manifests = readManifests([file]);
    const parse = ms(start);
    start = process.hrtime.bigint();
    runPolicies(manifests.map((m, i) => fromManifest(m.object, i)));
    const rules = ms(start);
    const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    console.log(
      `policy:check      ${fmt(result.objectCount)} objects (${(size / 1024 / 1024).toFixed(1)} MB YAML): ${fmt(total)} ms (CPU ${fmt((cpu.user + cpu.system) / 1000)} ms), exit ${code}, ` +
        `${(chars / 1024 / 1024).toFixed(1)} MB of text; warm: parse ${fmt(parse)} ms, rules ${fmt(rules)} ms; ${fmt(result.findings.length)} findings, ${fmt(mandatory)} mandatory; ` +
        `heap +${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(0)} MB`,
    );
    const within = total <= budget;
    console.log(
      `policy:check of ${fmt(result.objectCount)} objects: ${fmt(total)} ms, ${within ? "within" : "OVER"} the ${fmt(budget)} ms budget (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
    );
    verdict = within ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // 2. Pod Security rules through the CrossGuard stack validations, as the engine calls them.
  const pods = manifestSet(podCount + 10).filter((m) => ["Deployment", "StatefulSet", "CronJob", "Pod"].includes(m.kind));
  const stack: FakeResource[] = manifestSet(10).map(k8s).concat(pods.map(k8s));
  for (const name of ["pss-baseline", "pss-restricted"]) {
    const policy = policyNamed(name);
    if (!("validateStack" in policy)) throw new Error(`${name} is not a stack policy`);
    let reported = 0;
    const perSecond = roundsPerSecond(() => {
      reported = 0;
      void policy.validateStack(stackArgs(stack), () => reported++);
    }, seconds);
    console.log(`${name.padEnd(15)} pack path: ${fmt(perSecond * pods.length)} pods/s (${pods.length} pods per stack, ${reported} violations)`);
  }
  const direct = pods.map((m, i) => fromManifest(m, i));
  const both = roundsPerSecond(() => runPolicies(direct, { only: ["pod-security"] }), seconds);
  console.log(`pss-* both         rules only: ${fmt(both * pods.length)} pods/s (normalized resources, no engine marshalling)`);

  return verdict;
}

runCommand(main);
