/**
 * The e2e stack's Helm releases, from both sides:
 *
 * - the expectation: every release the program declares, rendered offline with helm from the same local chart package
 *   and the same values (platform/offline/stack-plan.ts, what `npm run plan -- --render-charts` runs), so the scenario
 *   knows each object, workload and custom kind the Release puts on the cluster;
 * - the API server: the Release's objects are there, and the controllers made the pods of every chart workload
 *   (Deployment -> ReplicaSet -> Pod, StatefulSet/DaemonSet -> Pod) in its namespace, Pod Security admitting them:
 *   a pod refused by admission exists nowhere and leaves a `FailedCreate` event on its controller, read here.
 *
 * There is no scheduler or kubelet: pods stay Pending, which is all admission needs.
 */
import type { KubernetesObject } from "../../../platform/offline/recorded-resource";
import type { RenderedRelease } from "../../../platform/offline/helm-releases";
import type { KubeApi } from "./kube-api";
import { waitUntil } from "./cluster-standins";

/** The workload kinds whose controllers make pods (kube-controller-manager runs each one's controller). */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;

/** The pod-security label a namespace enforces its level with. */
const ENFORCE = "pod-security.kubernetes.io/enforce";

/** One chart workload, as the offline rendering gives it. */
export interface ChartWorkload {
  /** Helm release name. */
  release: string;
  kind: (typeof WORKLOAD_KINDS)[number];
  namespace: string;
  name: string;
  /** Declared replicas (1 when the chart leaves it out). */
  replicas: number;
}

/** `<release>/<kind>/<name>`, the name the policy pack gives a rendered object. */
export function renderedName(release: string, obj: KubernetesObject): string {
  return `${release}/${obj.kind}/${obj.metadata.name}`;
}

/** The rendered objects of every release except CRDs (Helm installs them from the chart's crds/ and never deletes them). */
export function releaseObjects(rendered: readonly RenderedRelease[]): Array<{ release: string; releaseNamespace: string; object: KubernetesObject }> {
  return rendered.flatMap((r) =>
    r.objects
      .map((o) => ({ release: r.release.release, releaseNamespace: r.release.namespace, object: o.object as KubernetesObject }))
      .filter((o) => o.object.kind !== "CustomResourceDefinition"),
  );
}

/**
 * Objects of custom kinds the charts need but whose CRDs no chart brings (a ServiceMonitor of the prometheus-operator,
 * which the monitoring stack installs in a real cluster): Helm refuses to install a release with a kind the server does
 * not serve, so the scenario defines them like the stack's own custom kinds.
 */
export function foreignCustomObjects(rendered: readonly RenderedRelease[]): KubernetesObject[] {
  const all = rendered.flatMap((r) => r.objects.map((o) => o.object as KubernetesObject));
  type Crd = { spec?: { group?: string; names?: { kind?: string } } };
  const brought = new Set(all.filter((o) => o.kind === "CustomResourceDefinition").map((o) => `${(o as Crd).spec?.group}/${(o as Crd).spec?.names?.kind}`));
  return all.filter((o) => o.apiVersion.includes("/") && o.kind !== "CustomResourceDefinition" && !brought.has(`${o.apiVersion.split("/")[0]}/${o.kind}`));
}

/** The workloads among the rendered objects. */
export function chartWorkloads(rendered: readonly RenderedRelease[]): ChartWorkload[] {
  return rendered.flatMap((r) =>
    r.objects
      .map((o) => o.object as KubernetesObject & { spec?: { replicas?: number } })
      .filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind))
      .map((o) => ({
        release: r.release.release,
        kind: o.kind as ChartWorkload["kind"],
        namespace: o.metadata.namespace as string,
        name: o.metadata.name as string,
        replicas: o.spec?.replicas ?? 1,
      })),
  );
}

interface Owned {
  metadata: { name: string; uid: string; ownerReferences?: Array<{ uid: string; controller?: boolean }> };
}
interface EventItem {
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; uid?: string };
}

/** Items of a list, or a thrown error naming the path. */
async function list<T>(api: KubeApi, path: string): Promise<T[]> {
  const res = await api.request("GET", path);
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
  return (res.body.items ?? []) as T[];
}

const ownedBy = (uids: ReadonlySet<string>) => (o: Owned) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && uids.has(r.uid));

/** What the API server has of one workload: its pod controllers (the workload, its ReplicaSets), their pods, their FailedCreate events. */
export interface WorkloadPods {
  /** The objects that create the pods: the StatefulSet or DaemonSet itself, or the Deployment's ReplicaSets. */
  controllers: Array<{ kind: string; name: string; uid: string }>;
  pods: string[];
  failedCreate: EventItem[];
}

/** Read one workload's pod controllers, pods and FailedCreate events. */
export async function workloadPods(api: KubeApi, w: Pick<ChartWorkload, "kind" | "namespace" | "name">): Promise<WorkloadPods> {
  const plural = `${w.kind.toLowerCase()}s`;
  const own = await api.request("GET", `/apis/apps/v1/namespaces/${w.namespace}/${plural}/${w.name}`);
  if (own.status !== 200) throw new Error(`${w.kind} ${w.namespace}/${w.name}: HTTP ${own.status} ${String(own.body.message ?? "")}`);
  const uid = (own.body as unknown as Owned).metadata.uid;
  const controllers =
    w.kind === "Deployment"
      ? (await list<Owned>(api, `/apis/apps/v1/namespaces/${w.namespace}/replicasets`))
          .filter(ownedBy(new Set([uid])))
          .map((rs) => ({ kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid }))
      : [{ kind: w.kind, name: w.name, uid }];
  const uids = new Set(controllers.map((c) => c.uid));
  const pods = (await list<Owned>(api, `/api/v1/namespaces/${w.namespace}/pods`)).filter(ownedBy(uids)).map((p) => p.metadata.name);
  const failedCreate = (await list<EventItem>(api, `/api/v1/namespaces/${w.namespace}/events?fieldSelector=reason%3DFailedCreate`)).filter((e) =>
    uids.has(e.involvedObject?.uid ?? ""),
  );
  return { controllers, pods, failedCreate };
}

/** The Pod Security level a namespace enforces (`privileged` when unlabelled, as the API server reads it). */
export async function enforcedLevel(api: KubeApi, namespace: string): Promise<string> {
  const res = await api.request("GET", `/api/v1/namespaces/${namespace}`);
  if (res.status !== 200) throw new Error(`namespace ${namespace}: HTTP ${res.status}`);
  return ((res.body.metadata as { labels?: Record<string, string> }).labels ?? {})[ENFORCE] ?? "privileged";
}

/**
 * Waits until the controllers made every workload's pods: a Deployment's or StatefulSet's replicas (a StatefulSet
 * creates its pods one by one, the next once the previous is Ready, which never happens without a kubelet: its first
 * pod), a DaemonSet none (it makes one per node, and there is none). Fails naming each workload that has fewer pods or
 * a FailedCreate event (the message says why: Pod Security admission's `violates PodSecurity ...`).
 */
export async function checkWorkloadPods(api: KubeApi, workloads: readonly ChartWorkload[], seconds = 90): Promise<Map<ChartWorkload, WorkloadPods>> {
  const expected = (w: ChartWorkload) => (w.kind === "Deployment" ? w.replicas : w.kind === "StatefulSet" ? Math.min(1, w.replicas) : 0);
  const seen = new Map<ChartWorkload, WorkloadPods>();
  const problems = (): string[] =>
    workloads.flatMap((w) => {
      const s = seen.get(w);
      if (!s) return [`${w.release}: ${w.kind} ${w.namespace}/${w.name}: not read yet`];
      const events = s.failedCreate.map((e) => `FailedCreate on ${e.involvedObject?.kind} ${e.involvedObject?.name}: ${e.message}`);
      const short =
        s.pods.length < expected(w) ? [`${s.pods.length} of ${expected(w)} pods (controllers: ${s.controllers.map((c) => c.name).join(", ") || "none"})`] : [];
      return [...events, ...short].map((p) => `${w.release}: ${w.kind} ${w.namespace}/${w.name}: ${p}`);
    });
  try {
    await waitUntil(
      async () => {
        for (const w of workloads) seen.set(w, await workloadPods(api, w));
        // A FailedCreate is final for this check: admission refuses the same template every time.
        return problems().length === 0 || workloads.some((w) => (seen.get(w)?.failedCreate.length ?? 0) > 0);
      },
      seconds,
      "the controllers to create every chart workload's pods",
    );
  } catch (e) {
    if (!(e instanceof Error) || !e.message.startsWith("timed out")) throw e;
  }
  const left = problems();
  if (left.length > 0) throw new Error(left.join("\n"));
  return seen;
}

/**
 * The Release's objects missing from the API server, not marked as that release's (Helm's ownership annotations, which
 * `helm upgrade` and `uninstall` go by), or carrying other labels than the chart rendered. Helm labels everything it
 * installs `app.kubernetes.io/managed-by: Helm`, whatever the template says (trivy-operator's compliance reports say
 * `kubectl`).
 */
export async function missingReleaseObjects(api: KubeApi, rendered: readonly RenderedRelease[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { release, releaseNamespace, object } of releaseObjects(rendered)) {
    const name = renderedName(release, object);
    const live = await api.get(object);
    if (live.status !== 200) {
      problems.push(`${name}: HTTP ${live.status} ${String(live.body.message ?? "")}`);
      continue;
    }
    const { labels = {}, annotations = {} } = live.body.metadata as { labels?: Record<string, string>; annotations?: Record<string, string> };
    const differs = (what: string, expected: unknown, actual: unknown) => {
      if (expected !== actual) problems.push(`${name}: ${what}: expected ${JSON.stringify(expected)}, server has ${JSON.stringify(actual)}`);
    };
    for (const [k, v] of Object.entries({ ...object.metadata.labels, "app.kubernetes.io/managed-by": "Helm" })) differs(`label ${k}`, v, labels[k]);
    differs("annotation meta.helm.sh/release-name", release, annotations["meta.helm.sh/release-name"]);
    differs("annotation meta.helm.sh/release-namespace", releaseNamespace, annotations["meta.helm.sh/release-namespace"]);
  }
  return problems;
}

/** The Release's objects still on the API server (a `pulumi destroy` uninstalls the release: none may be left). */
export async function releaseObjectsLeft(api: KubeApi, rendered: readonly RenderedRelease[]): Promise<string[]> {
  const left: string[] = [];
  for (const { release, object } of releaseObjects(rendered)) {
    const live = await api.get(object);
    if (live.status !== 404) left.push(`${renderedName(release, object)}: HTTP ${live.status}`);
  }
  return left;
}

/**
 * The pods of workloads whose namespace does not enforce restricted (the Sealed Secrets controller in kube-system, a
 * namespace the platform does not own), each submitted again as a dry run in a namespace that does, so Pod Security
 * judges it at restricted too. Its service account becomes that namespace's default (admission checks that the account
 * exists; Pod Security does not read it). Returns the refusals.
 */
export async function refusedAtRestricted(api: KubeApi, namespace: string, pods: ReadonlyArray<{ namespace: string; name: string }>): Promise<string[]> {
  const refused: string[] = [];
  for (const p of pods) {
    const live = await api.request("GET", `/api/v1/namespaces/${p.namespace}/pods/${p.name}`);
    if (live.status !== 200) throw new Error(`pod ${p.namespace}/${p.name}: HTTP ${live.status}`);
    const { metadata, spec } = live.body as { metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
    const copy = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: metadata.name, labels: metadata.labels },
      spec: { ...spec, serviceAccountName: "default", serviceAccount: undefined, nodeName: undefined },
    };
    const res = await api.request("POST", `/api/v1/namespaces/${namespace}/pods?dryRun=All`, copy);
    if (res.status !== 201) refused.push(`${p.namespace}/${p.name} in ${namespace}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
  }
  return refused;
}

/**
 * Helm's own view: each release has its record (Secret `sh.helm.release.v1.<release>.v<revision>` in the release's
 * namespace, labelled owner=helm) with status `deployed`, so `helm list` and a later upgrade see it installed.
 */
export async function undeployedReleases(api: KubeApi, rendered: readonly RenderedRelease[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { release } of rendered) {
    const selector = encodeURIComponent(`owner=helm,name=${release.release}`);
    const records = await list<{ metadata: { name: string; labels?: Record<string, string> } }>(
      api,
      `/api/v1/namespaces/${release.namespace}/secrets?labelSelector=${selector}`,
    );
    const statuses = records.map((r) => `${r.metadata.name}: ${r.metadata.labels?.status}`);
    if (!records.some((r) => r.metadata.labels?.status === "deployed"))
      problems.push(`release ${release.namespace}/${release.release}: no deployed Helm record (${statuses.join(", ") || "none"})`);
  }
  return problems;
}
