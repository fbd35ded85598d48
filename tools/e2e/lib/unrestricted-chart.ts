/**
 * The stack variant whose values break restricted (fixtures/unrestricted-chart): the program's own Reloader release,
 * its chart package and hardened values exactly as the e2e stack declares them, minus the one override that keeps the
 * chart's pods restricted (`reloader.deployment.containerSecurityContext`: without it the chart's default `{}` leaves
 * privilege escalation allowed and every capability in place), installed into a namespace of its own that enforces
 * restricted. The scenario expects the policy pack to refuse it at preview, naming the rendered Deployment, and, when
 * installed without the pack, Pod Security admission to refuse its pods: the ReplicaSet gets a `FailedCreate` event.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RELEASE_RENDERED_POLICY } from "@ecommerce-security/policy-rules";
import { localPackageOf, type PlannedRelease } from "../../../platform/offline/helm-releases";
import { workloadPods, type WorkloadPods } from "./chart-releases";
import { waitUntil } from "./cluster-standins";
import type { KubeApi } from "./kube-api";
import { pulumi, succeeded, tail } from "./pulumi-cli";
import { check } from "./steps";

/** The namespace of the variant (restricted, declared by the fixture). */
export const UNRESTRICTED_NAMESPACE = "e2e-unrestricted-chart";
/** The release the variant installs: the e2e stack's Reloader. */
export const UNRESTRICTED_RELEASE = "reloader";
/** The values path of the override the variant removes. */
export const REMOVED_OVERRIDE = ["reloader", "deployment", "containerSecurityContext"] as const;

/** What the fixture program reads from release.json. */
export interface FixtureRelease {
  release: string;
  namespace: string;
  /** Absolute path of the chart package (the fixture runs in a copy elsewhere). */
  chart: string;
  version: string;
  values: Record<string, unknown>;
}

/**
 * The variant of `planned` (the stack's release): same chart and values, the override at {@link REMOVED_OVERRIDE}
 * removed, and Reloader watching the variant's namespace instead of the app namespaces (so the variant needs nothing
 * of the stack: its Roles go into its own namespace). Throws when the stack's values lack the override, since the
 * variant would then prove nothing.
 */
export function unrestrictedVariant(planned: PlannedRelease): FixtureRelease {
  const values = structuredClone(planned.values) as Record<string, unknown>;
  let parent: Record<string, unknown> = values;
  for (const key of REMOVED_OVERRIDE.slice(0, -1)) {
    const next = parent[key];
    if (!next || typeof next !== "object") throw new Error(`the ${planned.release} release's values have no ${REMOVED_OVERRIDE.join(".")}`);
    parent = next as Record<string, unknown>;
  }
  const last = REMOVED_OVERRIDE[REMOVED_OVERRIDE.length - 1];
  if (!(last in parent)) throw new Error(`the ${planned.release} release's values have no ${REMOVED_OVERRIDE.join(".")}`);
  delete parent[last];
  (values.reloader as Record<string, unknown>).namespaces = [UNRESTRICTED_NAMESPACE];
  const chart = localPackageOf(planned);
  if (chart === undefined) throw new Error(`the ${planned.release} release is not installed from a local chart package (charts.${planned.release}.repository)`);
  return { release: planned.release, namespace: UNRESTRICTED_NAMESPACE, chart, version: planned.version, values };
}

/** Copy the fixture into `dir` with its release.json and the installed node_modules linked in. */
export function prepareFixture(source: string, dir: string, nodeModules: string, release: FixtureRelease): void {
  fs.cpSync(source, dir, { recursive: true });
  fs.symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "release.json"), `${JSON.stringify(release, null, 2)}\n`);
}

/** Pod Security admission's refusal, as the ReplicaSet controller records it in a FailedCreate event. */
export const POD_SECURITY_REFUSAL = /violates PodSecurity "restricted:[^"]*"/;

/** What {@link refuseUnrestrictedChart} needs from the scenario. */
export interface UnrestrictedChartRun {
  /** The fixture's source folder and where to copy it. */
  source: string;
  dir: string;
  /** The repository's node_modules (linked into the copy). */
  nodeModules: string;
  /** The policy pack folder and, when the pack needs one, its configuration file. */
  policyPack: string;
  policyPackConfig?: string;
  /** The variant. */
  release: FixtureRelease;
  /** `<release>/<kind>/<name>` of the workload the chart renders, which the pack must name. */
  workloadName: string;
  /** Its kind and name on the API server. */
  workload: { kind: "Deployment" | "StatefulSet" | "DaemonSet"; name: string };
  /** Upper bound of each pulumi command. */
  timeoutSeconds: number;
  /** Record a phase's duration. */
  time: (phase: string, seconds: number) => void;
}

/**
 * The variant through both gates: (a) `pulumi preview --policy-pack` fails with a mandatory violation naming the rendered
 * workload (and the same preview without the pack succeeds, so the failure is the pack's); (b) forced through
 * (`pulumi up` without the pack), the release installs, yet the workload's controller cannot create a single pod:
 * Pod Security admission refuses each one, which the controller records as a FailedCreate event with its message.
 * Then the variant is destroyed. Returns the FailedCreate message.
 */
export async function refuseUnrestrictedChart(api: KubeApi, run: UnrestrictedChartRun): Promise<string> {
  prepareFixture(run.source, run.dir, run.nodeModules, run.release);
  const stack = "e2e-unrestricted-chart";
  // Quiet: the scenario runs this beside the stack's own update; a failure message carries the output's tail.
  const opts = { cwd: run.dir, timeoutSeconds: run.timeoutSeconds, quiet: true };
  succeeded(await pulumi(["stack", "init", stack, "--non-interactive"], opts));
  const packArgs = ["--policy-pack", run.policyPack, ...(run.policyPackConfig ? ["--policy-pack-config", run.policyPackConfig] : [])];

  const withPack = await pulumi(["preview", "--stack", stack, ...packArgs, "--non-interactive"], opts);
  run.time("preview --policy-pack (unrestricted chart)", withPack.seconds);
  check(withPack.status !== 0, `the preview of ${run.workloadName} without its restricted override passed the policy pack:\n${tail(withPack.output)}`);
  // The variant's namespace has no default-deny and its Roles no reviewed exception, which the pack also reports: the
  // finding that matters is pss-restricted, mandatory, on the rendered workload, for the control the override set.
  const refusals = mandatoryFindings(withPack.output).filter(
    (f) => f.rule === "pss-restricted" && f.text.includes(`${run.workloadName}: allowPrivilegeEscalation != false`),
  );
  check(
    refusals.length > 0,
    `the failing preview has no mandatory pss-restricted finding on ${run.workloadName} (allowPrivilegeEscalation):\n${tail(withPack.output, 60)}`,
  );

  const forced = await pulumi(["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], opts);
  run.time("up without the pack (unrestricted chart)", forced.seconds);
  succeeded(forced);
  let seen: WorkloadPods | undefined;
  await waitUntil(
    async () => {
      seen = await workloadPods(api, { ...run.workload, namespace: run.release.namespace });
      return seen.failedCreate.length > 0;
    },
    90,
    `a FailedCreate event on the pod controllers of ${run.workload.kind} ${run.release.namespace}/${run.workload.name}`,
  );
  const message = String(seen!.failedCreate[0].message ?? "");
  check(POD_SECURITY_REFUSAL.test(message), `the FailedCreate event is not Pod Security admission's refusal: ${message}`);
  check(seen!.pods.length === 0, `Pod Security admission refused the template, yet pods exist: ${seen!.pods.join(", ")}`);

  succeeded(await pulumi(["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], opts));
  const gone = await api.request("GET", `/apis/apps/v1/namespaces/${run.release.namespace}/${run.workload.kind.toLowerCase()}s/${run.workload.name}`);
  check(gone.status === 404, `${run.workload.kind} ${run.release.namespace}/${run.workload.name} is still there after destroy: HTTP ${gone.status}`);
  succeeded(await pulumi(["stack", "rm", stack, "--yes", "--non-interactive"], opts));
  return `${seen!.failedCreate[0].involvedObject?.kind} ${seen!.failedCreate[0].involvedObject?.name}: ${message}`;
}

/** The mandatory findings of a pulumi preview's policy summary: `- [mandatory] [severity: x]  <rule>  (<resource>)` and the indented lines under it. */
export function mandatoryFindings(output: string): Array<{ rule: string; text: string }> {
  const findings: Array<{ rule: string; text: string }> = [];
  let current: { rule: string; text: string } | undefined;
  for (const line of output.split("\n")) {
    const head = /^\s*- \[(\w+)\] \[severity: \w+\]\s+(\S+)\s+\(/.exec(line);
    if (head) {
      current = head[1] === "mandatory" ? { rule: head[2], text: "" } : undefined;
      if (current) findings.push(current);
    } else if (current && /^\s{6,}\S/.test(line)) {
      current.text += `${line.trim()}\n`;
    } else {
      current = undefined;
    }
  }
  return findings;
}

/**
 * A pack configuration for the variant: the rendering settings of the stack's own (`plan-e2e/policy-pack-config.json`,
 * `required` with the charts folder), without the stack's reviewed exceptions, which are about other objects. Written
 * to `target`; returns it.
 */
export function renderingOnlyPackConfig(stackPackConfig: string, target: string): string {
  const config = JSON.parse(fs.readFileSync(stackPackConfig, "utf8")) as Record<string, unknown>;
  const rendering = config[RELEASE_RENDERED_POLICY];
  if (rendering === undefined) throw new Error(`${stackPackConfig} has no ${RELEASE_RENDERED_POLICY} settings: the pack would not render the release`);
  fs.writeFileSync(target, `${JSON.stringify({ [RELEASE_RENDERED_POLICY]: rendering }, null, 2)}\n`);
  return target;
}
