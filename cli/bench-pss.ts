// Benchmark of the Pod Security Standards evaluator: pods evaluated per second at baseline and restricted over a
// realistic mix (the upstream fixtures plus generated Deployments, StatefulSets, Jobs and CronJobs), the time to
// check a 10 000-object manifest set, and memory. Run: npm run bench:pss [-- --objects 10000 --seconds 2]
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { evaluatePodSecurity, type PodSecurityLevel } from "@ecommerce-security/pod-security";
import { loadCommander, parseArguments, positiveNumber, runCommand } from "./args";

/** A plain object as the fixtures and the generator build them (pods, workloads, their parts). */
type PlainObject = Record<string, unknown>;

const FIXTURES_DIR = path.resolve(__dirname, "../../shared/pss-fixtures");

/** Every upstream fixture pod, when the shared folder is there. */
function loadFixtures(): PlainObject[] {
  const pods: PlainObject[] = [];
  for (const dir of ["baseline/pass", "baseline/fail", "restricted/pass", "restricted/fail"]) {
    const full = path.join(FIXTURES_DIR, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs.readdirSync(full)) pods.push(parse(fs.readFileSync(path.join(full, file), "utf8")) as PlainObject);
  }
  return pods;
}

/** A deterministic pseudo-random sequence, so every run measures the same objects. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const SERVICES = ["api-gateway", "auth", "orders", "products", "payments", "mysql", "rabbitmq", "minio"];

/** A workload like the platform's: mostly restricted, some baseline-only, a few with breaches. */
function generatedWorkload(i: number, random: () => number): PlainObject {
  const service = SERVICES[i % SERVICES.length];
  const roll = random();
  const restricted = roll < 0.7;
  const breach = roll > 0.9;
  const container = (name: string, port?: number): PlainObject => ({
    name,
    image: `registry.example.com/shop/${name}:1.${i % 20}.0`,
    ports: port === undefined ? [] : [{ name: "http", containerPort: port, ...(breach ? { hostPort: port } : {}) }],
    env: [
      { name: "SERVICE", value: service },
      { name: "LOG_LEVEL", value: "info" },
    ],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/ready", port: port ?? 8080 }, periodSeconds: 10 },
    livenessProbe: { httpGet: { path: "/healthz", port: port ?? 8080 } },
    securityContext: restricted
      ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, runAsUser: 10001 }
      : { readOnlyRootFilesystem: true, ...(breach ? { capabilities: { add: ["NET_ADMIN"] } } : {}) },
    volumeMounts: [
      { name: "config", mountPath: "/etc/app" },
      { name: "tmp", mountPath: "/tmp" },
    ],
  });
  const containers = [container(service, 8080)];
  if (random() < 0.4) containers.push(container("metrics-exporter", 9100));
  const spec: PlainObject = {
    serviceAccountName: service,
    automountServiceAccountToken: false,
    securityContext: restricted ? { runAsNonRoot: true, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } } : { fsGroup: 10001 },
    containers,
    initContainers: random() < 0.3 ? [container("migrate")] : [],
    volumes: [
      { name: "config", configMap: { name: `${service}-config` } },
      { name: "tmp", emptyDir: { medium: "Memory" } },
      ...(breach ? [{ name: "host", hostPath: { path: "/var/run" } }] : [{ name: "tls", secret: { secretName: `${service}-tls` } }]),
    ],
  };
  const template = { metadata: { labels: { app: service, tier: "backend" }, annotations: { "prometheus.io/scrape": "true" } }, spec };
  const metadata = { name: `${service}-${i}`, namespace: "shop", labels: { app: service } };
  switch (i % 10) {
    case 7:
      return { apiVersion: "batch/v1", kind: "Job", metadata, spec: { template } };
    case 8:
      return { apiVersion: "batch/v1", kind: "CronJob", metadata, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } } };
    case 9:
      return { apiVersion: "apps/v1", kind: "StatefulSet", metadata, spec: { serviceName: service, selector: { matchLabels: { app: service } }, template } };
    default:
      return { apiVersion: "apps/v1", kind: "Deployment", metadata, spec: { replicas: 2, selector: { matchLabels: { app: service } }, template } };
  }
}

/** Objects without a pod, as a real manifest set has them (Services, ConfigMaps, NetworkPolicies). */
function generatedOther(i: number): PlainObject {
  const name = `${SERVICES[i % SERVICES.length]}-${i}`;
  switch (i % 3) {
    case 0:
      return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "shop" },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
      };
    case 1:
      return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "shop" }, data: { "app.yaml": "level: info\n" } };
    default:
      return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace: "shop" },
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
      };
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Evaluates `pods` round after round for about `seconds`; returns pods per second and violations seen per round. */
function throughput(pods: readonly PlainObject[], level: PodSecurityLevel, seconds: number): { perSecond: number; violationsPerRound: number } {
  let violationsPerRound = 0;
  for (const pod of pods) violationsPerRound += evaluatePodSecurity(pod, { level }).length; // warm-up
  let evaluated = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const pod of pods) evaluatePodSecurity(pod, { level });
    evaluated += pods.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: evaluated / elapsed, violationsPerRound };
}

async function main(args: readonly string[]): Promise<number> {
  const commander = await loadCommander();
  const program = new commander.Command()
    .name("bench:pss")
    .description("Benchmark the Pod Security Standards evaluator: pods per second at baseline and restricted, a manifest set's time, memory.")
    .option("--objects <count>", "objects in the manifest set", positiveNumber(commander), 10_000)
    .option("--seconds <seconds>", "time spent per level measuring throughput", positiveNumber(commander), 2);
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const { objects, seconds } = program.opts<{ objects: number; seconds: number }>();
  const random = seeded(42);
  const fixtures = loadFixtures();
  const workloads = Array.from({ length: 1000 }, (_, i) => generatedWorkload(i, random));
  const mix = [...fixtures, ...workloads];
  console.log(`Pod Security Standards benchmark (node ${process.version})`);
  console.log(
    `mix: ${fixtures.length} upstream fixture pods${fixtures.length === 0 ? ` (none found in ${FIXTURES_DIR})` : ""} + ${workloads.length} generated workloads`,
  );

  for (const level of ["baseline", "restricted"] as const) {
    const { perSecond, violationsPerRound } = throughput(mix, level, seconds);
    console.log(
      `${level.padEnd(10)} ${Math.round(perSecond).toLocaleString("en-US").padStart(10)} pods/s  (${violationsPerRound} violations per ${mix.length} pods)`,
    );
  }

  // A manifest set as `policy:check` would receive it: 60 % objects with a pod, 40 % without.
  const set: PlainObject[] = [];
  for (let i = 0; i < objects; i++) set.push(i % 5 < 3 ? generatedWorkload(i, random) : generatedOther(i));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const findings = set.map((obj) => evaluatePodSecurity(obj, { level: "restricted" }));
  const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const heapAfter = process.memoryUsage().heapUsed;
  const violations = findings.reduce((n, v) => n + v.length, 0);
  const t1 = process.hrtime.bigint();
  for (const obj of set) evaluatePodSecurity(obj, { level: "restricted" });
  const warmMs = Number(process.hrtime.bigint() - t1) / 1e6;
  console.log(
    `${objects.toLocaleString("en-US")} objects at restricted: ${coldMs.toFixed(0)} ms first pass, ${warmMs.toFixed(0)} ms second pass, ${violations} violations`,
  );
  const memory = process.memoryUsage();
  console.log(
    `memory: rss ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}; first pass grew the heap by ${mb(Math.max(0, heapAfter - heapBefore))} (its ${violations} violations kept)`,
  );
  return 0;
}

runCommand(main);
