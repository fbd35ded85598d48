/**
 * What a real cluster has that a bare API server lacks, and that the stack relies on:
 *
 * - the CustomResourceDefinitions of the custom kinds the stack declares (Istio's, installed with Istio in a real
 *   cluster). They are created permissive (any content), because the objects' schemas are validated offline against
 *   the upstream schemas by `npm test`; here the point is that the engine and the provider handle them end to end;
 * - a default StorageClass that binds on first use (WaitForFirstConsumer, as EKS's gp3 does), so a claim is
 *   complete while it waits for a pod, exactly as the provider expects on such a cluster;
 * - an ingress controller that publishes its address in the status of the Ingresses of its class, which the
 *   provider waits for. The stand-in publishes 127.0.0.1;
 * - the namespaces other stacks own in a real cluster that the stack puts objects into without declaring them (the
 *   monitoring stack's, where the alerting rules and the Alertmanager configuration go).
 */
import type { KubernetesObject } from "../../../platform/offline/recorded-resource";
import type { KubeApi } from "./kube-api";

/** The custom kinds among `declared`: every (group, kind) the API server does not serve yet, with its versions. */
export async function missingCustomKinds(api: KubeApi, declared: KubernetesObject[]): Promise<CustomKind[]> {
  const kinds = new Map<string, CustomKind>();
  for (const obj of declared) {
    if (!obj.apiVersion.includes("/") || (await api.serves(obj.apiVersion, obj.kind))) continue;
    const [group, version] = obj.apiVersion.split("/");
    const key = `${group}/${obj.kind}`;
    const entry = kinds.get(key) ?? { group, kind: obj.kind, versions: [], namespaced: !!obj.metadata.namespace };
    if (!entry.versions.includes(version)) entry.versions.push(version);
    kinds.set(key, entry);
  }
  return [...kinds.values()];
}

/** A custom kind to define. */
export interface CustomKind {
  group: string;
  kind: string;
  versions: string[];
  namespaced: boolean;
}

/** The REST plural Kubernetes conventionally derives from a kind (AuthorizationPolicy -> authorizationpolicies). */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** Create a permissive CRD for each kind and wait until the server serves it. */
export async function defineCustomKinds(api: KubeApi, kinds: CustomKind[]): Promise<void> {
  for (const k of kinds) {
    const plural = pluralOf(k.kind);
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${k.group}`, labels: { "app.kubernetes.io/part-of": "ecommerce-security-e2e" } },
      spec: {
        group: k.group,
        scope: k.namespaced ? "Namespaced" : "Cluster",
        names: { kind: k.kind, plural, singular: k.kind.toLowerCase(), listKind: `${k.kind}List` },
        versions: k.versions.map((name, i) => ({
          name,
          served: true,
          storage: i === 0,
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        })),
      },
    };
    const res = await api.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    if (res.status !== 201) throw new Error(`creating CRD ${crd.metadata.name}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
  }
  for (const k of kinds) {
    for (const v of k.versions) {
      await waitUntil(() => api.serves(`${k.group}/${v}`, k.kind), 60, `the API server to serve ${k.kind} in ${k.group}/${v}`);
    }
  }
}

/** Namespaces that declared objects live in but that the stack does not declare as Namespace objects. */
export function foreignNamespaces(declared: KubernetesObject[]): string[] {
  const own = new Set(declared.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  const used = new Set(declared.map((o) => o.metadata.namespace).filter((ns): ns is string => !!ns && !own.has(ns)));
  return [...used].sort();
}

/** Create each namespace (as the stack that owns it in a real cluster would); one the cluster has (kube-system) is left as it is. */
export async function createNamespaces(api: KubeApi, names: string[]): Promise<void> {
  for (const name of names) {
    const res = await api.request("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, labels: { "app.kubernetes.io/part-of": "ecommerce-security-e2e" } },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
  }
}

/** Create the cluster's default StorageClass (WaitForFirstConsumer, no provisioner). */
export async function defineDefaultStorageClass(api: KubeApi): Promise<void> {
  const res = await api.request("POST", "/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "e2e-local", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "kubernetes.io/no-provisioner",
    volumeBindingMode: "WaitForFirstConsumer",
  });
  if (res.status !== 201) throw new Error(`creating the default StorageClass: HTTP ${res.status} ${String(res.body.message ?? "")}`);
}

/**
 * A controller's stand-in: `once` runs at start and again a second after each run ends, until `stop` (which waits for
 * a run in progress); a failed run is logged and retried on the next tick, as a controller would.
 */
export abstract class PollingStandIn {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** `label` names the stand-in in the log of a failed run. */
  constructor(private readonly label: string) {}

  /** One pass of the controller's work. */
  protected abstract once(): Promise<void>;

  start(): void {
    const tick = async () => {
      try {
        await this.once();
      } catch (e) {
        process.stderr.write(`[e2e] ${this.label}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (this.timer !== undefined) this.timer = setTimeout(() => (this.running = tick()), 1000);
    };
    this.timer = setTimeout(() => (this.running = tick()), 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
  }
}

/**
 * Publishes 127.0.0.1 as the load-balancer address of every Ingress of `ingressClass` that has none, once a second,
 * until stopped: what ingress-nginx does for the Ingresses it serves.
 */
export class IngressControllerStandIn extends PollingStandIn {
  /** Ingresses given an address so far, as namespace/name. */
  readonly published = new Set<string>();

  constructor(
    private readonly api: KubeApi,
    private readonly ingressClass: string,
  ) {
    super("ingress stand-in");
  }

  protected async once(): Promise<void> {
    const list = await this.api.request("GET", "/apis/networking.k8s.io/v1/ingresses");
    if (list.status !== 200) throw new Error(`listing ingresses: HTTP ${list.status}`);
    type Ingress = { metadata: { name: string; namespace: string }; spec?: { ingressClassName?: string }; status?: { loadBalancer?: { ingress?: unknown[] } } };
    for (const ing of (list.body.items ?? []) as Ingress[]) {
      if (ing.spec?.ingressClassName !== this.ingressClass || (ing.status?.loadBalancer?.ingress ?? []).length > 0) continue;
      const path = `/apis/networking.k8s.io/v1/namespaces/${ing.metadata.namespace}/ingresses/${ing.metadata.name}/status`;
      const res = await this.api.request("PUT", path, { ...ing, status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } });
      if (res.status !== 200)
        throw new Error(`publishing the address of ${ing.metadata.namespace}/${ing.metadata.name}: HTTP ${res.status} ${String(res.body.message ?? "")}`);
      this.published.add(`${ing.metadata.namespace}/${ing.metadata.name}`);
    }
  }
}

/** Poll `condition` every 500 ms until it holds, or fail after `seconds`. */
export async function waitUntil(condition: () => Promise<boolean>, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
