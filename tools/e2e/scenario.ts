/**
 * The e2e scenario, run by tools/e2e/cluster.sh once the control plane is up and the environment is set
 * (PATH with the built tools, PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, KUBECONFIG, ES_E2E_*).
 *
 * Before that, the bare API server gets what the stack expects of a real cluster (lib/cluster-standins.ts: the CRDs
 * of the custom kinds it declares, a default StorageClass, an ingress controller publishing its address, the
 * namespaces other stacks own).
 *
 * What it proves, in order:
 *  1. the policy pack fails a preview of a deliberately non-compliant program (a privileged Pod), which previews
 *     cleanly without the pack: the failure is the policy's (in the background, beside the project's copy and plan);
 *  2. the README's first deploy, command by command (lib/first-deploy.ts), in a copy of the project as a new team
 *     has it (stack files without secrets): `pulumi stack select --create e2e`, `pulumi config set --secret <key>`
 *     for each credential the stack needs (value on standard input), `npm run plan` (which bundles the pack into
 *     plan-e2e/policy-pack), `pulumi preview --policy-pack plan-e2e/policy-pack` (the pack ran, nothing mandatory) and
 *     `pulumi up` with the same pack;
 *  3. every Kubernetes object the program declares (rendered offline through the same code `npm run plan` uses)
 *     exists on the API server with the declared labels and specs;
 *  4. the API server's Pod Security admission rejects a privileged Pod in every namespace labelled
 *     enforce=restricted, while it admits the same Pod in an unlabelled namespace and a compliant Pod in those
 *     namespaces (dry-run requests: nothing is created);
 *  5. the runbook's containment against the real ReplicaSet controller: a pod labelled `incident=isolated` and
 *     stripped of its selector's labels is released and replaced, and a scale-down to zero leaves it;
 *  6. the secrets were stored encrypted in the copy's stack file (the repository's is untouched) and the exported
 *     state holds none of them in plaintext;
 *  7. a second `pulumi up` finds nothing to change (--expect-no-changes);
 *  8. `pulumi destroy` removes everything: each declared object is gone from the API server.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { SecretConfigKey } from "../../core/config/secret-keys";
import { requiredSecretKeys } from "../../platform/config/required-secrets";
import { kubernetesObjects, type KubernetesObject } from "../../platform/offline/recorded-resource";
import { runProgram } from "../../platform/offline/mock-runtime";
import { readStackFile } from "../../platform/offline/stack-file";
import {
  createNamespaces,
  defineCustomKinds,
  defineDefaultStorageClass,
  foreignNamespaces,
  IngressControllerStandIn,
  missingCustomKinds,
  waitUntil,
} from "./lib/cluster-standins";
import { ISOLATION_LABEL, SELECTOR_LABEL_KEYS } from "../../components/incident-response/isolation";
import { commandLine, firstDeployCommands } from "./lib/first-deploy";
import { PLAN_POLICY_PACK, planFolder, planPolicyPackArgs } from "../../core/plan-folder";
import { preparePlan } from "../../platform/offline/stack-plan";
import type { RenderedRelease } from "../../platform/offline/helm-releases";
import {
  chartWorkloads,
  checkWorkloadPods,
  enforcedLevel,
  foreignCustomObjects,
  missingReleaseObjects,
  refusedAtRestricted,
  releaseObjects,
  releaseObjectsLeft,
  undeployedReleases,
} from "./lib/chart-releases";
import { refuseUnrestrictedChart, REMOVED_OVERRIDE, renderingOnlyPackConfig, UNRESTRICTED_RELEASE, unrestrictedVariant } from "./lib/unrestricted-chart";
import { KubeApi } from "./lib/kube-api";
import { ApiServerControl } from "./lib/apiserver-control";
import { ApplicationServicesStandIn, backendServices } from "./lib/application-standin";
import { interruptedUp, updateThroughOutage } from "./lib/faults";
import { convergenceProblems, declaredKeys, objectsMadeByProvider, summarizeState, type StateSummary } from "./lib/stack-objects";
import { cli, pulumi, succeeded, tail } from "./lib/pulumi-cli";
import { check, StepFailed, Steps, type BackgroundStep } from "./lib/steps";
import { subsetMismatches } from "./lib/subset";
import { checkGeneratedSecrets, withoutGeneratedValues } from "./lib/generated-secrets";

const repoRoot = path.resolve(__dirname, "..", "..");
const stack = "e2e";
/** The pack's TypeScript sources (`--policy-pack policy`): the non-compliant fixture's preview runs them as they are. */
const policyPackDir = path.join(repoRoot, "policy");
/** What a checkout of the project does not hold (or holds per machine): left out of the copy the first deploy runs in. */
const notInCheckout = new Set([".git", "node_modules", "plan-out", ".pulumi"]);
const fixtureSource = path.join(__dirname, "fixtures", "noncompliant-pod");
/** The first deploy's plan renders the charts from the packages the e2e stack installs (`charts.<release>.repository`). */
const planChartOptions = ["--render-charts", "--charts-dir", "../shared/charts"];
/** The bundled pack and the configuration the first deploy's plan writes (the stack's reviewed exceptions, how charts render). */
const packArgs = planPolicyPackArgs(stack);
/** The stack variant whose chart values no longer keep it restricted (lib/unrestricted-chart.ts). */
const unrestrictedChartSource = path.join(__dirname, "fixtures", "unrestricted-chart");
/** Name of the Pod in the non-compliant fixture program (fixtures/noncompliant-pod/index.ts). */
const fixturePodName = "e2e-privileged-pod";
const podSecurityEnforce = "pod-security.kubernetes.io/enforce";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through tools/e2e/run.sh (npm run test:e2e)`);
  return value;
}

/**
 * How long the outage step keeps the API server stopped before it starts it again; with the restart until /readyz the
 * server refuses connections for about 6 s on a quiet machine: "a few seconds", as a control-plane restart is.
 */
const OUTAGE_HOLD_SECONDS = 2;

/** Upper bound of one pulumi command, so a hang fails the step instead of the whole CI run. */
const commandTimeoutSeconds = 15 * 60;

/** Annotations the Pulumi provider manages itself; the program never declares them. */
function declaredPart(obj: KubernetesObject): Record<string, unknown> {
  const { apiVersion, kind, metadata, ...rest } = obj as KubernetesObject & Record<string, unknown>;
  const meta: Record<string, unknown> = { name: metadata.name, labels: metadata.labels, annotations: metadata.annotations };
  if (metadata.namespace) meta.namespace = metadata.namespace;
  // Secret values are redacted in the offline rendering (and must stay out of test output): compare metadata only.
  // Values the TLS and random providers generate are made up offline; lib/generated-secrets.ts checks the real ones.
  const body = kind === "Secret" ? {} : withoutGeneratedValues(rest);
  return { apiVersion, kind, metadata: meta, ...body };
}

/** A throwaway value for a credential, distinctive enough to be searched for in the state: a URL for the `...Url` keys. */
function throwawaySecret(key: SecretConfigKey): string {
  const token = randomBytes(16).toString("hex");
  return key.endsWith("Url") ? `https://hooks.e2e.invalid/${token}` : `e2e-${token}`;
}

/** A copy of the project as a new team checks it out, with the installed node_modules linked in. */
function copyProject(target: string): void {
  fs.cpSync(repoRoot, target, { recursive: true, filter: (source) => !notInCheckout.has(path.basename(source)) });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(target, "node_modules"), "dir");
  // The chart packages beside the checkout, where the stack's charts.<release>.repository (../shared/charts) finds them.
  fs.symlinkSync(path.resolve(repoRoot, "..", "shared"), path.join(path.dirname(target), "shared"), "dir");
}

function describe(obj: KubernetesObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}`;
}

/** A Pod that meets the restricted profile, optionally made privileged. */
function podManifest(name: string, privileged: boolean): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: "registry.example.com/e2e/app:1.0.0",
          securityContext: privileged
            ? { privileged: true }
            : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
        },
      ],
    },
  };
}

/** Every difference between the declared objects and the API server's (missing, or a declared field not as declared). */
async function liveMismatches(api: KubeApi, declared: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const obj of declared) {
    if (!obj.metadata.name) {
      problems.push(`${obj.kind} in ${obj.metadata.namespace ?? "the cluster"} is declared without a name`);
      continue;
    }
    const live = await api.get(obj);
    if (live.status !== 200) {
      problems.push(`${describe(obj)}: HTTP ${live.status} ${String(live.body.message ?? "")}`);
      continue;
    }
    for (const m of subsetMismatches(declaredPart(obj), live.body)) {
      problems.push(`${describe(obj)}: ${m.path}: declared ${JSON.stringify(m.expected)}, server has ${JSON.stringify(m.actual)}`);
    }
  }
  return problems;
}

type PodItem = { metadata: { name: string; labels?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> } };

/**
 * The runbook's containment steps 1 and 2 (components/incident-response/isolation.ts) against the real ReplicaSet
 * controller: label a replica `incident=isolated`, remove the labels its selector uses; the controller must release it
 * (no ownerReference left) and start a replacement, and scaling the ReplicaSet to zero must leave the isolated pod.
 */
async function detachFromReplicaSet(api: KubeApi): Promise<void> {
  const ns = "e2e-incident-response";
  const name = "orders-service";
  await createNamespaces(api, [ns]);
  await waitUntil(
    async () => (await api.request("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200,
    60,
    `the default service account of ${ns}`,
  );
  const selector = Object.fromEntries(SELECTOR_LABEL_KEYS.map((k) => [k, name]));
  const replicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: { ...selector, tier: "backend" } }, spec: podManifest(name, false).spec },
    },
  };
  const created = await api.request("POST", `/apis/apps/v1/namespaces/${ns}/replicasets`, replicaSet);
  check(created.status === 201, `creating the ReplicaSet: HTTP ${created.status} ${String(created.body.message ?? "")}`);
  const pods = async () => ((await api.request("GET", `/api/v1/namespaces/${ns}/pods`)).body.items ?? []) as PodItem[];
  const owned = (p: PodItem) => (p.metadata.ownerReferences ?? []).some((o) => o.kind === "ReplicaSet" && o.name === name && o.controller);
  await waitUntil(async () => (await pods()).filter(owned).length === 1, 60, "the ReplicaSet's first pod");
  const evidence = (await pods()).find(owned)!.metadata.name;
  const podPath = `/api/v1/namespaces/${ns}/pods/${evidence}`;

  // kubectl label pod <pod> incident=isolated --overwrite, then kubectl label pod <pod> app.kubernetes.io/name-
  check((await api.request("PATCH", podPath, { metadata: { labels: { [ISOLATION_LABEL.key]: ISOLATION_LABEL.value } } })).status === 200, "labelling the pod");
  check(
    (await api.request("PATCH", podPath, { metadata: { labels: Object.fromEntries(SELECTOR_LABEL_KEYS.map((k) => [k, null])) } })).status === 200,
    "removing the selector's labels",
  );
  await waitUntil(
    async () => {
      const all = await pods();
      const isolated = all.find((p) => p.metadata.name === evidence);
      return !!isolated && (isolated.metadata.ownerReferences ?? []).length === 0 && all.filter(owned).length === 1;
    },
    60,
    "the ReplicaSet to release the isolated pod and start a replacement",
  );

  // A scale-down (or a rollout scaling the old ReplicaSet to zero) deletes the replicas it owns, not the isolated pod.
  check((await api.request("PATCH", `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`, { spec: { replicas: 0 } })).status === 200, "scaling to zero");
  await waitUntil(async () => (await pods()).filter(owned).length === 0, 60, "the ReplicaSet to delete its replicas");
  const kept = await api.request("GET", podPath);
  check(kept.status === 200, `the isolated pod ${evidence} is gone after the scale-down: HTTP ${kept.status}`);
  check((kept.body as PodItem).metadata.labels?.[ISOLATION_LABEL.key] === ISOLATION_LABEL.value, "the isolated pod lost its isolation label");
  process.stderr.write(`[e2e] ${evidence}: released by its ReplicaSet, replaced, and kept through the scale-down to zero\n`);
  await api.request("DELETE", `/api/v1/namespaces/${ns}`);
}

async function main(): Promise<number> {
  const steps = new Steps();
  const api = new KubeApi({ url: env("ES_E2E_API_URL"), token: env("ES_E2E_TOKEN"), caFile: env("ES_E2E_CA_FILE") });
  steps.time("tools/build.sh (build or cache hit)", Number(process.env.ES_E2E_BUILD_SECONDS ?? 0));

  let declared: KubernetesObject[] = [];
  let restrictedNamespaces: string[] = [];
  /** The stack's Helm releases rendered offline: each release's objects, as `helm template` makes them of the same values. */
  let releases: RenderedRelease[] = [];
  let ingressController: IngressControllerStandIn | undefined;
  let applicationServices: ApplicationServicesStandIn | undefined;
  const events = (name: string) => path.join(env("ES_E2E_WORK"), `${name}.events.jsonl`);
  const project = path.join(env("ES_E2E_WORK"), "project");
  let secrets = new Map<SecretConfigKey, string>();
  const exportState = async (): Promise<StateSummary> => {
    const exported = await pulumi(["stack", "export", "--stack", stack], { cwd: project, quiet: true, timeoutSeconds: commandTimeoutSeconds });
    succeeded(exported);
    return summarizeState(exported.stdout);
  };
  /** Pending operations, and objects missing, doubled or undeclared in the state or on the API server. */
  const convergence = async (objects: readonly KubernetesObject[]) =>
    convergenceProblems(declaredKeys(objects), await exportState(), await objectsMadeByProvider(api));

  try {
    await steps.step("the program's objects are rendered offline (the expectation)", async () => {
      const raw = readStackFile(stack);
      const run = await runProgram(raw);
      declared = kubernetesObjects(run.resources);
      check(declared.length > 0, "the e2e stack declares no Kubernetes objects");
      // The releases rendered from the same chart packages and values (what `npm run plan -- --render-charts` does).
      releases = preparePlan(run, {}).rendered;
      check(chartWorkloads(releases).length > 0, "the e2e stack installs no chart with a workload: no chart pod would meet Pod Security admission");
      restrictedNamespaces = declared
        .filter((o) => o.kind === "Namespace" && o.metadata.labels?.[podSecurityEnforce] === "restricted")
        .map((o) => o.metadata.name as string);
      check(restrictedNamespaces.length > 0, "the e2e stack declares no namespace with pod-security enforce=restricted");
      const required = requiredSecretKeys(raw);
      check(required.length > 0, "the e2e stack needs no secret: the documented `pulumi config set --secret` steps would go untested");
      secrets = new Map(required.map((key) => [key, throwawaySecret(key)]));
      process.stderr.write(
        `[e2e] ${declared.length} Kubernetes objects; releases: ${releases.map((r) => `${r.release.release} (${r.objects.length} objects)`).join(", ") || "none"}; restricted namespaces: ${restrictedNamespaces.join(", ")}; secrets to set: ${required.join(", ")}\n`,
      );
    });

    await steps.step("the cluster gets what the stack expects of a real one", async () => {
      // The charts' custom kinds whose CRDs no chart brings (the monitoring stack's ServiceMonitor) are defined too.
      const custom = await missingCustomKinds(api, [...declared, ...foreignCustomObjects(releases)]);
      await defineCustomKinds(api, custom);
      await defineDefaultStorageClass(api);
      const foreign = foreignNamespaces(declared);
      await createNamespaces(api, foreign);
      const classes = new Set(
        declared.filter((o) => o.kind === "Ingress").map((o) => String((o as { spec?: { ingressClassName?: string } }).spec?.ingressClassName ?? "")),
      );
      check(classes.size <= 1, `the stack's Ingresses use several classes (${[...classes].join(", ")}); the stand-in serves one`);
      if (classes.size === 1) {
        ingressController = new IngressControllerStandIn(api, [...classes][0]);
        ingressController.start();
      }
      const backends = backendServices(declared);
      applicationServices = new ApplicationServicesStandIn(api, backends);
      applicationServices.start();
      process.stderr.write(
        `[e2e] the application's Services, deployed once their namespace exists: ${backends.map((b) => `${b.namespace}/${b.name}`).join(", ") || "none"}\n`,
      );
      process.stderr.write(
        `[e2e] CRDs for ${custom.map((k) => `${k.kind}.${k.group}`).join(", ") || "nothing"}; default StorageClass e2e-local; ingress class ${[...classes].join(", ") || "none"}; namespaces of other stacks: ${foreign.join(", ") || "none"}\n`,
      );
    });

    // In the background while the project is copied and the README's plan runs: its own folder and stack, preview only.
    let unrestrictedChart: BackgroundStep | undefined;
    const noncompliantFixture = steps.background("the policy pack fails a preview of a privileged Pod (and only the pack)", async () => {
      // Run a copy in the run's temporary directory, so the stack file `stack init` writes never lands in the repo.
      const fixtureDir = path.join(env("ES_E2E_WORK"), "noncompliant-pod");
      fs.cpSync(fixtureSource, fixtureDir, { recursive: true });
      fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(fixtureDir, "node_modules"), "dir");
      const fixtureStack = "e2e-noncompliant";
      const opts = { cwd: fixtureDir, timeoutSeconds: commandTimeoutSeconds, quiet: true };
      succeeded(await pulumi(["stack", "init", fixtureStack, "--non-interactive"], opts));
      const without = await pulumi(["preview", "--stack", fixtureStack, "--non-interactive"], opts);
      succeeded(without);
      const withPack = await pulumi(["preview", "--stack", fixtureStack, "--policy-pack", policyPackDir, "--non-interactive"], opts);
      steps.time("preview --policy-pack (non-compliant fixture)", withPack.seconds);
      check(withPack.status !== 0, `the preview of a privileged Pod passed the policy pack:\n${tail(withPack.output)}`);
      check(/\[mandatory\]/.test(withPack.output), `the failing preview names no mandatory violation:\n${tail(withPack.output)}`);
      check(withPack.output.includes(fixturePodName), `the failing preview does not name the Pod ${fixturePodName}:\n${tail(withPack.output)}`);
      succeeded(await pulumi(["stack", "rm", fixtureStack, "--yes", "--non-interactive"], opts));
    });

    await steps.step("a copy of the project as a new team checks it out (stack files without secrets)", async () => {
      copyProject(project);
      const file = fs.readFileSync(path.join(project, `Pulumi.${stack}.yaml`), "utf8");
      check(!/\bsecure:|^encryptionsalt:/m.test(file), `Pulumi.${stack}.yaml already holds ciphertext or an encryption salt`);
    });

    // The README's deploy sequence, command by command, as a user types it in the project folder.
    // The e2e stack installs its charts from local packages: the plan renders them from there, and so must the pack.
    for (const command of firstDeployCommands(stack, [...secrets.keys()], undefined, planChartOptions)) {
      if (command.args[0] === "preview") await steps.join(noncompliantFixture);
      if (command.args[0] === "up") {
        // In the background during the fault and the README's up: a stack, a namespace and a release of its own; it is
        // destroyed before the convergence check below compares the API server with the stack.
        unrestrictedChart = steps.background(
          "a release whose values lose their restricted override: the pack refuses it at preview, Pod Security admission when forced",
          async () => {
            const planned = releases.find((r) => r.release.release === UNRESTRICTED_RELEASE);
            check(planned !== undefined, `the e2e stack installs no ${UNRESTRICTED_RELEASE} release: the variant has nothing to vary`);
            const workload = chartWorkloads([planned!]).find((w) => w.kind === "Deployment");
            check(workload !== undefined, `the ${UNRESTRICTED_RELEASE} chart renders no Deployment`);
            const failed = await refuseUnrestrictedChart(api, {
              source: unrestrictedChartSource,
              dir: path.join(env("ES_E2E_WORK"), "unrestricted-chart"),
              nodeModules: path.join(repoRoot, "node_modules"),
              policyPack: path.join(project, planFolder(stack), PLAN_POLICY_PACK),
              policyPackConfig: renderingOnlyPackConfig(
                path.join(project, planFolder(stack), "policy-pack-config.json"),
                path.join(env("ES_E2E_WORK"), "unrestricted-chart.pack-config.json"),
              ),
              release: unrestrictedVariant(planned!.release),
              workloadName: `${UNRESTRICTED_RELEASE}/Deployment/${workload!.name}`,
              workload: { kind: "Deployment", name: workload!.name },
              timeoutSeconds: commandTimeoutSeconds,
              time: (phase, seconds) => steps.time(phase, seconds),
            });
            process.stderr.write(`[e2e] without ${REMOVED_OVERRIDE.join(".")}: ${failed}\n`);
          },
        );
        // A first update that a CI time limit (or a Ctrl-C) stops halfway; the README's up below must finish the job.
        await steps.step(
          "fault: a pulumi up terminated midway leaves some objects; the documented recovery leaves no lock and no pending operation",
          async () => {
            const threshold = Math.max(1, Math.floor(declared.length / 4));
            const run = await interruptedUp(["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], events("interrupted-up"), threshold, {
              cwd: project,
              timeoutSeconds: commandTimeoutSeconds,
            });
            steps.time("up terminated midway", run.result.seconds);
            check(run.signals.length > 0, `the update finished before ${threshold} objects were created with another in flight:\n${tail(run.result.output)}`);
            check(run.result.status !== 0, `the terminated update exited 0:\n${tail(run.result.output)}`);
            const present = (await Promise.all(declared.map((o) => api.get(o)))).filter((r) => r.status === 200).length;
            check(
              present > 0 && present < declared.length,
              `after the termination ${present} of ${declared.length} declared objects exist: expected some but not all`,
            );
            const state = await exportState();
            process.stderr.write(
              `[e2e] ${run.signals.join(" then ")} after ${run.createdAtSignal} objects were created (${run.inFlightAtSignal} in flight); exit ${run.result.status}; ${present}/${declared.length} declared objects on the API server; pending operations: ${state.pendingOperations.map((op) => `${op.type} ${op.urn.split("::").pop()}`).join(", ") || "none"}\n`,
            );
            // The documented recovery (README "When an update is interrupted"): `pulumi refresh --clear-pending-creates`
            // reads back what exists and drops the creates that were cut off (such an object may or may not exist: the
            // next up creates it, or adopts it through server-side apply). A CLI terminated before it released the stack's
            // lock leaves it behind; the refresh then says the stack is locked, and `pulumi cancel` removes the lock.
            const refresh = () =>
              pulumi(["refresh", "--stack", stack, "--clear-pending-creates", "--yes", "--skip-preview", "--non-interactive"], {
                cwd: project,
                timeoutSeconds: commandTimeoutSeconds,
              });
            let recovery = await refresh();
            const locked = recovery.status !== 0 && /currently locked/.test(recovery.output);
            if (locked) {
              succeeded(await pulumi(["cancel", "--yes", "--stack", stack, "--non-interactive"], { cwd: project, timeoutSeconds: commandTimeoutSeconds }));
              recovery = await refresh();
            }
            steps.time("refresh --clear-pending-creates", recovery.seconds);
            succeeded(recovery);
            const after = await exportState();
            check(after.pendingOperations.length === 0, `pending operations left after the refresh: ${after.pendingOperations.map((op) => op.urn).join(", ")}`);
            process.stderr.write(
              `[e2e] recovery: ${locked ? "the terminated CLI left the stack locked: pulumi cancel, then " : ""}pulumi refresh --clear-pending-creates; no pending operation left\n`,
            );
          },
        );
      }
      await steps.step(`README: ${commandLine(command)}`, async () => {
        const result = await cli(command.program ?? "pulumi", command.args, {
          cwd: project,
          input: command.secret ? secrets.get(command.secret) : undefined,
          timeoutSeconds: commandTimeoutSeconds,
        });
        succeeded(result);
        if (command.args[0] === "preview") {
          steps.time("preview --policy-pack", result.seconds);
          // The summary lists each pack that ran: "Policies:" then "<✅|⚠️|❌> <pack>@v<version> (local: <dir>)".
          const packRan = /Policies:\s*\n\s*\S+\s+\S+@v\S+ \(local: /.test(result.output);
          check(packRan, `the preview output does not list the local policy pack as run:\n${tail(result.output)}`);
          check(!/\[mandatory\]/.test(result.output), `the preview reported a mandatory policy finding:\n${tail(result.output)}`);
        }
        if (command.args[0] === "up") {
          steps.time("up --policy-pack", result.seconds);
          check(
            /Policies:\s*\n\s*\S+\s+\S+@v\S+ \(local: /.test(result.output),
            `the update output does not list the policy pack as run:\n${tail(result.output)}`,
          );
        }
      });
    }

    await steps.step("every declared object is on the API server with its labels and spec", async () => {
      const problems = await liveMismatches(api, declared);
      check(problems.length === 0, problems.join("\n"));
      process.stderr.write(`[e2e] ${declared.length} objects match\n`);
    });

    await steps.step("every release's objects are on the API server, and the controllers made each chart pod in its namespace", async () => {
      const missing = await missingReleaseObjects(api, releases);
      check(missing.length === 0, `objects the charts render are not on the API server:\n${missing.join("\n")}`);
      const undeployed = await undeployedReleases(api, releases);
      check(undeployed.length === 0, undeployed.join("\n"));
      const workloads = chartWorkloads(releases);
      // Pods that exist passed admission; a refused one leaves a FailedCreate event on its controller (checked too).
      const seen = await checkWorkloadPods(api, workloads);
      const lines: string[] = [];
      const unrestricted: Array<{ namespace: string; name: string }> = [];
      for (const [w, s] of seen) {
        const level = await enforcedLevel(api, w.namespace);
        if (level !== "restricted") unrestricted.push(...s.pods.map((name) => ({ namespace: w.namespace, name })));
        lines.push(`${w.release}/${w.kind}/${w.name} in ${w.namespace} (enforce=${level}): ${s.pods.join(", ")}`);
      }
      // Those in a namespace the platform does not hold to restricted (Sealed Secrets in kube-system) are judged there too.
      const refused = await refusedAtRestricted(api, restrictedNamespaces[0], unrestricted);
      check(refused.length === 0, `chart pods outside a restricted namespace would be refused in one:\n${refused.join("\n")}`);
      process.stderr.write(
        `[e2e] ${releaseObjects(releases).length} release objects present; chart pods created and admitted:\n  ${lines.join("\n  ")}\n` +
          (unrestricted.length
            ? `[e2e] ${unrestricted.map((p) => `${p.namespace}/${p.name}`).join(", ")}: also admitted as a dry run in ${restrictedNamespaces[0]}\n`
            : ""),
      );
    });

    check(unrestrictedChart !== undefined, "the README's sequence has no pulumi up: the unrestricted variant never started");
    await steps.join(unrestrictedChart);

    await steps.step("after the interrupted update, state and API server hold each declared object once and nothing else", async () => {
      const problems = await convergence(declared);
      check(problems.length === 0, problems.join("\n"));
    });

    await steps.step("Pod Security admission rejects a privileged Pod in every restricted namespace", async () => {
      const dryRun = "?dryRun=All";
      const control = await api.request("POST", `/api/v1/namespaces/default/pods${dryRun}`, podManifest("e2e-privileged", true));
      check(
        control.status === 201,
        `control: the unlabelled namespace default refused a privileged Pod (HTTP ${control.status}: ${String(control.body.message)}); the API server, not Pod Security admission, rejects privileged Pods`,
      );
      for (const ns of restrictedNamespaces) {
        const res = await api.request("POST", `/api/v1/namespaces/${ns}/pods${dryRun}`, podManifest("e2e-privileged", true));
        const message = String(res.body.message ?? "");
        check(
          res.status === 403 && /violates PodSecurity "restricted/.test(message),
          `namespace ${ns} admitted a privileged Pod or refused it for another reason: HTTP ${res.status} ${message}`,
        );
        // The namespace admits what is compliant; quota status and the default service account come from the
        // controller manager shortly after the namespace appears, hence the short wait.
        let accepted = await api.request("POST", `/api/v1/namespaces/${ns}/pods${dryRun}`, podManifest("e2e-compliant", false));
        for (let i = 0; i < 60 && accepted.status !== 201; i++) {
          await new Promise((r) => setTimeout(r, 500));
          accepted = await api.request("POST", `/api/v1/namespaces/${ns}/pods${dryRun}`, podManifest("e2e-compliant", false));
        }
        check(accepted.status === 201, `namespace ${ns} refused a restricted-compliant Pod: HTTP ${accepted.status} ${String(accepted.body.message ?? "")}`);
      }
    });

    await steps.step("the admission policy refuses any Ingress snippet but the WAF's, and admits the stack's Ingress", async () => {
      const ingress = declared.find((o) => o.kind === "Ingress");
      check(ingress !== undefined, "the e2e stack declares no Ingress");
      const ns = ingress!.metadata.namespace as string;
      const annotations = (ingress!.metadata.annotations ?? {}) as Record<string, string>;
      check(!!annotations["nginx.ingress.kubernetes.io/modsecurity-snippet"], "the stack's Ingress carries no ModSecurity snippet");
      const attempt = (name: string, extra: Record<string, string>) =>
        api.request("POST", `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses?dryRun=All`, {
          ...ingress,
          metadata: { name, namespace: ns, annotations: { ...annotations, ...extra } },
        });
      // components/certificates/admission-policies.ts; the API server enforces a binding once it has loaded the policy.
      const injected = { "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'X-Injected: yes';" };
      let refused = await attempt("e2e-injected-snippet", injected);
      for (let i = 0; i < 60 && refused.status === 201; i++) {
        await new Promise((r) => setTimeout(r, 500));
        refused = await attempt("e2e-injected-snippet", injected);
      }
      const message = String(refused.body.message ?? "");
      check(
        (refused.status === 403 || refused.status === 422) && message.includes("ingress-snippet-annotations"),
        `an Ingress with a configuration-snippet was not refused by ingress-snippet-annotations: HTTP ${refused.status} ${message}`,
      );
      const off = await attempt("e2e-waf-off", { "nginx.ingress.kubernetes.io/modsecurity-snippet": "SecRuleEngine Off\n" });
      check(off.status === 403 || off.status === 422, `an Ingress switching ModSecurity off was admitted: HTTP ${off.status}`);
      const admitted = await attempt("e2e-waf-on", {});
      check(admitted.status === 201, `the stack's own annotations were refused: HTTP ${admitted.status} ${String(admitted.body.message ?? "")}`);
    });

    await steps.step("the runbook's detach: a labelled pod taken out of its ReplicaSet is replaced and then left alone", async () => {
      await detachFromReplicaSet(api);
    });

    await steps.step("the secrets are encrypted in the copy's stack file and absent from the state", async () => {
      const stackFile = parse(fs.readFileSync(path.join(project, `Pulumi.${stack}.yaml`), "utf8")) as {
        encryptionsalt?: string;
        config?: Record<string, unknown>;
      };
      check(!!stackFile.encryptionsalt, `pulumi stack select --create wrote no encryption salt into the copy's Pulumi.${stack}.yaml`);
      const committed = fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8");
      check(!/\bsecure:|^encryptionsalt:/m.test(committed), `the repository's Pulumi.${stack}.yaml was changed: it holds ciphertext or a salt`);
      const exported = await pulumi(["stack", "export", "--stack", stack], { cwd: project, quiet: true, timeoutSeconds: commandTimeoutSeconds });
      succeeded(exported);
      check(exported.stdout.includes('"ciphertext"'), "the exported state has no encrypted value at all: are the secrets used?");
      for (const [key, plaintext] of secrets) {
        const entry = stackFile.config?.[`ecommerce-security:${key}`];
        check(entry !== null && typeof entry === "object" && "secure" in entry, `${key} is not a secure: value in the copy's stack file`);
        const value = await pulumi(["config", "get", key, "--stack", stack], { cwd: project, quiet: true, timeoutSeconds: commandTimeoutSeconds });
        succeeded(value);
        check(value.stdout.trim() === plaintext, `pulumi config get ${key} does not return the value the sequence set`);
        const forms = [plaintext, Buffer.from(plaintext).toString("base64")];
        check(!forms.some((f) => exported.stdout.includes(f)), `the exported state contains the value of ${key} in plaintext`);
      }
      process.stderr.write(`[e2e] ${secrets.size} secret values checked: ${[...secrets.keys()].join(", ")}\n`);
    });

    await steps.step("the generated keys and passwords are ciphertext in the state, and the cluster's CA certificates are real", () =>
      checkGeneratedSecrets({
        api,
        declared,
        project,
        stack,
        work: env("ES_E2E_WORK"),
        nodeModules: path.join(repoRoot, "node_modules"),
        timeoutSeconds: commandTimeoutSeconds,
      }),
    );

    await steps.step("a second pulumi up changes nothing", async () => {
      // --skip-preview: the update itself fails on any change with --expect-no-changes; a preview first would run the
      // program and the pack a second time to show the same.
      const result = await pulumi(["up", "--stack", stack, ...packArgs, "--yes", "--skip-preview", "--expect-no-changes", "--non-interactive"], {
        cwd: project,
        timeoutSeconds: commandTimeoutSeconds,
      });
      steps.time("second up (--expect-no-changes)", result.seconds);
      succeeded(result);
    });

    let protectedResources = 0;
    await steps.step("fault: the API server goes down during an update with changes to apply; the next up converges", async () => {
      // A real change, as an operator makes it: lower default CPU limits in every namespace, and protection of the
      // data-bearing resources (what production sets), which the destroy step below relies on.
      succeeded(await pulumi(["config", "set", "--path", "namespaceDefaults.limitRange.defaultCpu", "400m", "--stack", stack], { cwd: project }));
      succeeded(await pulumi(["config", "set", "protectStatefulResources", "true", "--stack", stack], { cwd: project }));
      const run = await runProgram(readStackFile(stack, project));
      const changed = kubernetesObjects(run.resources);
      protectedResources = run.resources.filter((r) => r.protect).length;
      check(protectedResources > 0, "with protectStatefulResources the e2e stack protects nothing: the protected destroy would prove nothing");
      const before = new Map(declared.map((o) => [describe(o), JSON.stringify(declaredPart(o))]));
      const changes = changed.filter((o) => before.get(describe(o)) !== JSON.stringify(declaredPart(o))).length;
      check(changes > 0, "the configuration change changes no object: the update would have nothing to apply during the outage");

      const control = ApiServerControl.fromEnvironment(api, env("ES_E2E_API_URL"));
      const outage = await updateThroughOutage(
        ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"],
        events("outage-up"),
        control,
        OUTAGE_HOLD_SECONDS,
        {
          cwd: project,
          timeoutSeconds: commandTimeoutSeconds,
        },
      );
      steps.time("up through the API server outage", outage.result.seconds);
      process.stderr.write(
        `[e2e] API server down ${outage.downSeconds.toFixed(1)}s from the update's first step, with ${outage.changesCompletedAtCrash} of ${changes} changes applied; the update exited ${outage.result.status} with ${outage.failedOperations} failed operations\n`,
      );
      check(outage.updateRunningAtCrash, "the update had ended before the API server went down");
      check(outage.changesCompletedAtCrash < changes, "the update had applied every change before the API server went down");

      const after = await pulumi(["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], {
        cwd: project,
        timeoutSeconds: commandTimeoutSeconds,
      });
      steps.time("up after the outage", after.seconds);
      succeeded(after);
      const problems = [...(await convergence(changed)), ...(await liveMismatches(api, changed))];
      check(problems.length === 0, problems.join("\n"));
      const again = await pulumi(["up", "--stack", stack, "--yes", "--skip-preview", "--expect-no-changes", "--non-interactive"], {
        cwd: project,
        timeoutSeconds: commandTimeoutSeconds,
      });
      steps.time("up --expect-no-changes after the outage", again.seconds);
      succeeded(again);
      declared = changed;
    });

    await steps.step("pulumi destroy refuses while resources are protected, and deletes nothing", async () => {
      const state = await exportState();
      check(
        state.protectedUrns.length === protectedResources,
        `the state protects ${state.protectedUrns.length} resources, the program ${protectedResources}: ${state.protectedUrns.join(", ")}`,
      );
      const live = await objectsMadeByProvider(api);
      // As users run it: the preview first. (With --skip-preview Pulumi deletes every unprotected resource before it
      // reaches a protected one: README "When an update is interrupted".)
      const refused = await pulumi(["destroy", "--stack", stack, "--yes", "--non-interactive"], {
        cwd: project,
        timeoutSeconds: commandTimeoutSeconds,
      });
      steps.time("destroy refused (protected)", refused.seconds);
      check(refused.status !== 0, `pulumi destroy succeeded although ${state.protectedUrns.join(", ")} are protected`);
      check(/protect/i.test(refused.output), `pulumi destroy failed without naming the protection:\n${tail(refused.output)}`);
      const after = new Map((await objectsMadeByProvider(api)).map((o) => [o.key, o]));
      const touched = live.filter((o) => after.get(o.key)?.uid !== o.uid || after.get(o.key)?.deleting).map((o) => o.key);
      check(
        touched.length === 0 && after.size === live.length,
        `the refused destroy deleted or replaced: ${touched.join(", ") || `${live.length} objects before, ${after.size} after`}`,
      );
      const stateAfter = await exportState();
      check(
        JSON.stringify([...stateAfter.kubernetesObjects].sort()) === JSON.stringify([...state.kubernetesObjects].sort()),
        "the refused destroy removed resources from the state",
      );
      process.stderr.write(
        `[e2e] destroy refused (${state.protectedUrns.map((u) => u.split("::").pop()).join(", ")} protected); ${live.length} objects untouched\n`,
      );
      // The documented way to destroy a stack on purpose: lift the protection in the state first.
      succeeded(await pulumi(["state", "unprotect", "--all", "--yes", "--stack", stack], { cwd: project, timeoutSeconds: commandTimeoutSeconds }));
      check((await exportState()).protectedUrns.length === 0, "pulumi state unprotect --all left protected resources");
    });

    await steps.step("pulumi destroy removes every declared object", async () => {
      const result = await pulumi(["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], {
        cwd: project,
        timeoutSeconds: commandTimeoutSeconds,
      });
      steps.time("destroy", result.seconds);
      succeeded(result);
      const left: string[] = [];
      for (const obj of declared) {
        const live = await api.get(obj);
        if (live.status !== 404) left.push(`${describe(obj)}: HTTP ${live.status}`);
      }
      check(left.length === 0, `still on the API server after destroy:\n${left.join("\n")}`);
      // Uninstalling a release deletes its objects (Helm keeps the CRDs of a chart's crds/ folder, by design).
      const charts = await releaseObjectsLeft(api, releases);
      check(charts.length === 0, `release objects still on the API server after destroy:\n${charts.join("\n")}`);
      succeeded(await pulumi(["stack", "rm", stack, "--yes", "--non-interactive"], { cwd: project }));
    });
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
  } finally {
    await ingressController?.stop();
    await applicationServices?.stop();
  }
  return steps.summary();
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
