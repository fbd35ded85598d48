// Benchmark of the NetworkPolicy reachability analyzer: how analysis time and memory grow with the number of
// workloads (100, 1 000, 5 000 by default) and a proportional number of policies, in a realistic mix: namespaces of
// ~50 services, default-deny per namespace, DNS egress to kube-dns, per-service ingress and egress allow rules
// (same-namespace and cross-namespace callers, named ports), monitoring scrapes, external egress through ipBlocks
// with except, a few ingress CIDRs, and one unprotected legacy namespace in twenty.
// Each size runs in its own Node process so memory figures do not mix.
// Run: npm run bench:netpol [-- --sizes 100,1000,5000 --repeats 3]
import { spawnSync } from "node:child_process";
import type { KubeObject } from "@ecommerce-security/manifests";
import { analyze, formatConnlist } from "@ecommerce-security/netpol";
import { loadCommander, parseArguments, positiveIntegers, runCommand } from "./args";

const workloadsPerNamespace = 50;

/** A deterministic pseudo-random sequence, so every run measures the same cluster. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const tiers = ["frontend", "backend", "data"] as const;

function deployment(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: Array<{ name: string; containerPort: number; protocol?: string }>,
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: labels.app } },
      template: { metadata: { labels }, spec: { containers: [{ name: "main", image: `registry.example.com/${name}:1.0.0`, ports }] } },
    },
  };
}

function policy(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** The generated cluster: `workloadCount` application workloads plus kube-dns, an ingress controller and a scraper. */
function generateCluster(workloadCount: number): KubeObject[] {
  const random = seeded(workloadCount);
  const namespaceCount = Math.max(1, Math.ceil(workloadCount / workloadsPerNamespace));
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "ingress-nginx" } },
    deployment("coredns", "kube-system", { app: "coredns", "k8s-app": "kube-dns" }, [
      { name: "dns", containerPort: 53, protocol: "UDP" },
      { name: "dns-tcp", containerPort: 53 },
    ]),
    deployment("prometheus", "monitoring", { app: "prometheus" }, [{ name: "web", containerPort: 9090 }]),
    deployment("controller", "ingress-nginx", { app: "ingress-nginx" }, [{ name: "https", containerPort: 443 }]),
  ];
  const names = (ns: number): string[] =>
    Array.from({ length: Math.min(workloadsPerNamespace, workloadCount - ns * workloadsPerNamespace) }, (_, i) => `svc-${i}`);
  for (let ns = 0; ns < namespaceCount; ns++) {
    const namespace = `team-${ns}`;
    const unprotected = ns % 20 === 19;
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { team: namespace, env: ns % 2 === 0 ? "prod" : "staging" } } });
    const services = names(ns);
    services.forEach((service, index) => {
      const tier = tiers[index % tiers.length];
      objects.push(
        deployment(service, namespace, { app: service, tier, version: `v${index % 3}` }, [
          { name: "http", containerPort: 8080 },
          { name: "metrics", containerPort: 9100 },
        ]),
      );
    });
    if (unprotected) continue;
    objects.push(
      policy("default-deny", namespace, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      policy("allow-dns", namespace, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      }),
      policy("allow-monitoring", namespace, {
        podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["backend", "data"] }] },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { app: "prometheus" } } },
            ],
            ports: [{ port: "metrics" }],
          },
        ],
      }),
    );
    services.forEach((service, index) => {
      // Callers: the two previous services of the namespace, and one service of the previous namespace.
      const callers = [services[index - 1], services[index - 2]].filter((caller): caller is string => caller !== undefined);
      const from: unknown[] = callers.map((caller) => ({ podSelector: { matchLabels: { app: caller } } }));
      if (ns > 0) from.push({ namespaceSelector: { matchLabels: { team: `team-${ns - 1}` } }, podSelector: { matchLabels: { app: service } } });
      if (index === 0)
        from.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }, { ipBlock: { cidr: `203.0.${ns % 256}.0/24` } });
      objects.push(
        policy(`${service}-ingress`, namespace, {
          podSelector: { matchLabels: { app: service } },
          policyTypes: ["Ingress"],
          ingress: [{ from, ports: [{ port: "http" }] }],
        }),
      );
      const dependencies = [services[index + 1], services[index + 2]].filter((dependency): dependency is string => dependency !== undefined);
      const egress: unknown[] = [
        { to: dependencies.map((dependency) => ({ podSelector: { matchLabels: { app: dependency } } })), ports: [{ protocol: "TCP", port: 8080 }] },
      ];
      if (namespaceCount > 1) {
        egress.push({
          to: [{ namespaceSelector: { matchLabels: { team: `team-${(ns + 1) % namespaceCount}` } }, podSelector: { matchLabels: { app: service } } }],
          ports: [{ protocol: "TCP", port: 8080 }],
        });
      }
      if (random() < 0.1) {
        // External API calls: the internet minus private and cluster ranges, or a partner's CIDR.
        const block =
          random() < 0.5
            ? { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }
            : { cidr: `198.51.${Math.floor(random() * 256)}.0/24` };
        egress.push({ to: [{ ipBlock: block }], ports: [{ protocol: "TCP", port: 443 }] });
      }
      objects.push(policy(`${service}-egress`, namespace, { podSelector: { matchLabels: { app: service } }, policyTypes: ["Egress"], egress }));
    });
  }
  return objects;
}

interface Measurement {
  workloads: number;
  namespaces: number;
  policies: number;
  connections: number;
  outputMB: number;
  analysisMs: number;
  formatMs: number;
  heapMB: number;
  peakRssMB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs in the child process: measures one size and prints a JSON line. */
function measure(workloadCount: number, repeats: number): Measurement {
  const objects = generateCluster(workloadCount);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let result = analyze(objects);
  const heapAfter = process.memoryUsage().heapUsed;
  for (let run = 0; run < repeats; run++) {
    const start = process.hrtime.bigint();
    result = analyze(objects);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const formatStart = process.hrtime.bigint();
  const text = formatConnlist(result);
  const formatMs = Number(process.hrtime.bigint() - formatStart) / 1e6;
  return {
    workloads: result.workloads.length,
    namespaces: objects.filter((object) => object.kind === "Namespace").length,
    policies: objects.filter((object) => object.kind === "NetworkPolicy").length,
    connections: result.connections.length,
    outputMB: text.length / 2 ** 20,
    analysisMs: median(times),
    formatMs,
    heapMB: (heapAfter - heapBefore) / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

async function main(args: readonly string[]): Promise<number> {
  const commander = await loadCommander();
  const program = new commander.Command()
    .name("bench:netpol")
    .description("Benchmark the NetworkPolicy reachability analyzer: analysis time and memory by number of workloads, one process per size.")
    .addOption(
      new commander.Option("--sizes <counts>", "workload counts, separated by commas")
        .argParser(positiveIntegers(commander))
        .default([100, 1000, 5000], "100,1000,5000"),
    )
    .addOption(
      new commander.Option("--repeats <count>", "analysis runs per size after a warm-up (the median is reported)")
        .argParser(positiveIntegers(commander))
        .default([3], "3"),
    )
    // The process measuring one size (started by this command).
    .addOption(new commander.Option("--child <count>").argParser(positiveIntegers(commander)).hideHelp());
  const usage = parseArguments(program, args, 2);
  if (usage !== undefined) return usage;
  const options = program.opts<{ sizes: number[]; repeats: number[]; child?: number[] }>();
  const repeats = options.repeats[0];
  if (options.child !== undefined) {
    process.stdout.write(`${JSON.stringify(measure(options.child[0], repeats))}\n`);
    return 0;
  }
  const sizes = options.sizes;
  console.log(
    `NetworkPolicy analyzer benchmark (Node ${process.version}; analysis time is the median of ${repeats} run(s) after a warm-up; one process per size)`,
  );
  console.log("workloads  namespaces  policies  connections  output MB  analysis ms  format ms  heap MB (result)  peak RSS MB");
  for (const size of sizes) {
    // Same loader flags as this process (tsx), plus --expose-gc for a clean heap baseline.
    const run = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", __filename, "--child", String(size), "--repeats", String(repeats)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) {
      console.error(`bench-netpol: size ${size} failed:\n${run.stderr}`);
      return 1;
    }
    const m = JSON.parse(run.stdout) as Measurement;
    console.log(
      [
        String(m.workloads).padStart(9),
        String(m.namespaces).padStart(10),
        String(m.policies).padStart(8),
        String(m.connections).padStart(11),
        m.outputMB.toFixed(1).padStart(9),
        m.analysisMs.toFixed(1).padStart(11),
        m.formatMs.toFixed(1).padStart(9),
        m.heapMB.toFixed(1).padStart(16),
        m.peakRssMB.toFixed(0).padStart(11),
      ].join("  "),
    );
  }
  return 0;
}

runCommand(main);
