/**
 * What the stack made, read from both sides and compared object by object with what the program declares:
 *
 * - the state (`pulumi stack export`): its pending operations (what an interrupted CLI leaves behind) and every
 *   Kubernetes resource it records, by group, kind, namespace and name (the provider's resource id);
 * - the API server: every object whose managedFields name the provider's field manager (`pulumi-kubernetes`, or
 *   `pulumi-kubernetes-<suffix>` with server-side apply), listed across every served kind, so an object the
 *   stack made and no longer declares (an orphan) is found wherever it is.
 *
 * Objects made by anyone else (the scenario's stand-ins, the controllers: default service accounts, the root CA
 * ConfigMaps, the endpoints) are not the stack's and are left out by the field manager. A Helm release is checked
 * apart (lib/chart-releases.ts): its chart's objects are written by the provider's Helm under another manager, and
 * Helm's record of the release, which carries the provider's manager, is left out here.
 */
import type { KubernetesObject } from "../../../platform/offline/recorded-resource";
import type { KubeApi } from "./kube-api";

/** The field manager the Kubernetes provider writes with: its name, or its prefix under server-side apply. */
export const PROVIDER_FIELD_MANAGER = "pulumi-kubernetes";

/** The API group of an apiVersion (`networking.k8s.io/v1` -> `networking.k8s.io`; the core group `v1` -> empty). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
}

/** `<group>/<Kind> <namespace>/<name>`: one object, whatever API version it is read through. */
export function objectKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/** The keys of the declared objects. */
export function declaredKeys(declared: readonly KubernetesObject[]): string[] {
  return declared.map((o) => objectKey(groupOf(o.apiVersion), o.kind, o.metadata.namespace, o.metadata.name as string));
}

/** A pending operation in the state: a resource the CLI was changing when it stopped. */
export interface PendingOperation {
  type: string;
  urn: string;
}

/** What the state says about the stack's Kubernetes objects. */
export interface StateSummary {
  pendingOperations: PendingOperation[];
  /** One key per Kubernetes resource in the state (a key twice means the object is recorded twice). */
  kubernetesObjects: string[];
  /** URNs of the resources the state marks protected. */
  protectedUrns: string[];
}

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  protect?: boolean;
}

/**
 * The summary of `pulumi stack export` output. A Kubernetes resource's type token is `kubernetes:<group>/<version>:<Kind>`
 * (`core` for the core group) and its id `<namespace>/<name>` or `<name>`; provider resources (`pulumi:providers:*`)
 * and components are not objects.
 */
export function summarizeState(exported: string): StateSummary {
  const doc = JSON.parse(exported) as { deployment?: { resources?: ExportedResource[]; pending_operations?: { type: string; resource: { urn: string } }[] } };
  const resources = doc.deployment?.resources ?? [];
  const kubernetesObjects: string[] = [];
  for (const r of resources) {
    const m = /^kubernetes:([^:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(r.type);
    // A Helm release (kubernetes:helm.sh/v3:Release) is no API object: its chart's objects are Helm's, checked apart.
    if (!m || !r.custom || !r.id || m[1] === "helm.sh") continue;
    const [, group, , kind] = m;
    const slash = r.id.indexOf("/");
    const [namespace, name] = slash < 0 ? [undefined, r.id] : [r.id.slice(0, slash), r.id.slice(slash + 1)];
    kubernetesObjects.push(objectKey(group === "core" ? "" : group, kind, namespace, name));
  }
  return {
    pendingOperations: (doc.deployment?.pending_operations ?? []).map((op) => ({ type: op.type, urn: op.resource.urn })),
    kubernetesObjects,
    protectedUrns: resources.filter((r) => r.protect).map((r) => r.urn),
  };
}

/** An object the provider made, as the API server has it. */
export interface LiveObject {
  key: string;
  uid: string;
  deleting: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

/**
 * Every object on the API server written by the provider's field manager, across every kind the server serves (the
 * preferred version of each group: an object is listed once, whichever versions serve it).
 */
export async function objectsMadeByProvider(api: KubeApi): Promise<LiveObject[]> {
  const versions = ["v1"];
  const groups = await api.request("GET", "/apis");
  if (groups.status !== 200) throw new Error(`API discovery failed: HTTP ${groups.status}`);
  for (const g of (groups.body.groups ?? []) as { preferredVersion: { groupVersion: string } }[]) versions.push(g.preferredVersion.groupVersion);

  const found: LiveObject[] = [];
  for (const groupVersion of versions) {
    const base = groupVersion === "v1" ? "/api/v1" : `/apis/${groupVersion}`;
    const list = await api.request("GET", base);
    if (list.status !== 200) throw new Error(`API discovery of ${groupVersion} failed: HTTP ${list.status}`);
    for (const r of (list.body as ApiResourceList).resources ?? []) {
      if (r.name.includes("/") || !(r.verbs ?? []).includes("list")) continue;
      let next: string | undefined = "";
      while (next !== undefined) {
        const page = await api.request("GET", `${base}/${r.name}?limit=500${next ? `&continue=${encodeURIComponent(next)}` : ""}`);
        if (page.status !== 200) throw new Error(`listing ${r.name} in ${groupVersion}: HTTP ${page.status} ${String(page.body.message ?? "")}`);
        type Item = {
          metadata: {
            name: string;
            namespace?: string;
            uid: string;
            deletionTimestamp?: string;
            labels?: Record<string, string>;
            managedFields?: { manager?: string }[];
          };
        };
        for (const item of (page.body.items ?? []) as Item[]) {
          const managers = (item.metadata.managedFields ?? []).map((f) => f.manager ?? "");
          if (!managers.some((m) => m === PROVIDER_FIELD_MANAGER || m.startsWith(`${PROVIDER_FIELD_MANAGER}-`))) continue;
          // Helm's record of a release (Secret sh.helm.release.v1.<release>.v<revision>, labelled owner=helm), which the
          // provider's Helm writes for a helm.sh/v3 Release: the Release's, like its chart's objects (lib/chart-releases.ts).
          if (r.kind === "Secret" && item.metadata.labels?.owner === "helm") continue;
          found.push({
            key: objectKey(groupOf(groupVersion), r.kind, item.metadata.namespace, item.metadata.name),
            uid: item.metadata.uid,
            deleting: !!item.metadata.deletionTimestamp,
          });
        }
        const token = (page.body.metadata as { continue?: string } | undefined)?.continue;
        next = token ? token : undefined;
      }
    }
  }
  return found;
}

/**
 * Every way the state and the API server differ from the declared set: a declared object missing from either, recorded
 * twice in the state, left in the state or on the server without being declared (an orphan), or being deleted; and
 * any pending operation.
 */
export function convergenceProblems(declared: readonly string[], state: StateSummary, server: readonly LiveObject[]): string[] {
  const problems: string[] = [];
  for (const op of state.pendingOperations) problems.push(`state: pending ${op.type} of ${op.urn}`);
  const want = new Set(declared);
  const counts = new Map<string, number>();
  for (const key of state.kubernetesObjects) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [key, n] of counts) {
    if (n > 1) problems.push(`state: ${key} recorded ${n} times`);
    if (!want.has(key)) problems.push(`state: ${key} is not declared (orphan)`);
  }
  const live = new Map<string, number>();
  for (const o of server) {
    live.set(o.key, (live.get(o.key) ?? 0) + 1);
    if (o.deleting) problems.push(`API server: ${o.key} is being deleted`);
  }
  for (const [key] of live) if (!want.has(key)) problems.push(`API server: ${key} was made by the provider and is not declared (orphan)`);
  for (const key of want) {
    if (!counts.has(key)) problems.push(`state: ${key} is declared and not recorded`);
    if (!live.has(key)) problems.push(`API server: ${key} is declared and missing`);
  }
  return problems;
}
