// Where the pod lives in a Kubernetes object: the pod spec and metadata of a Pod, or the pod template of a
// workload, with their field paths, so that pod-level rules run the same way over every kind.

type Fields = Readonly<Record<string, unknown>>;

/** The pod metadata and spec of an object, and where they sit in it. */
export interface PodTemplateLocation {
  /** The object's kind, e.g. "Deployment". */
  readonly kind: string;
  /** The pod metadata (the object's own for a Pod, the template's otherwise); undefined when absent. */
  readonly metadata: Fields | undefined;
  /** The pod spec. */
  readonly spec: Fields;
  /** Field path of the pod spec from the object root, e.g. "spec.template.spec". */
  readonly specPath: string;
  /** Field path of the pod metadata from the object root, e.g. "spec.template.metadata". */
  readonly metadataPath: string;
  /** Path segments of the pod spec from the object root, e.g. ["spec", "template", "spec"]. */
  readonly specSegments: readonly string[];
}

interface PodCarrier {
  /** API groups the kind belongs to ("" is the core group). */
  readonly groups: ReadonlySet<string>;
  /** Segments from the object root to the object holding `metadata` and `spec` of the pod. */
  readonly podSegments: readonly string[];
  /** Derived once: see {@link PodTemplateLocation}. */
  readonly specPath: string;
  readonly metadataPath: string;
  readonly specSegments: readonly string[];
}

function carrier(groups: ReadonlySet<string>, podSegments: readonly string[]): PodCarrier {
  const prefix = podSegments.length === 0 ? "" : `${podSegments.join(".")}.`;
  return { groups, podSegments, specPath: `${prefix}spec`, metadataPath: `${prefix}metadata`, specSegments: [...podSegments, "spec"] };
}

const CORE: ReadonlySet<string> = new Set([""]);
const APPS: ReadonlySet<string> = new Set(["apps", "extensions"]);
const BATCH: ReadonlySet<string> = new Set(["batch"]);

/** Every kind that carries a pod, and where its pod is. */
const POD_CARRIERS: ReadonlyMap<string, PodCarrier> = new Map<string, PodCarrier>([
  ["Pod", carrier(CORE, [])],
  ["PodTemplate", carrier(CORE, ["template"])],
  ["ReplicationController", carrier(CORE, ["spec", "template"])],
  ["Deployment", carrier(APPS, ["spec", "template"])],
  ["ReplicaSet", carrier(APPS, ["spec", "template"])],
  ["DaemonSet", carrier(APPS, ["spec", "template"])],
  ["StatefulSet", carrier(new Set(["apps"]), ["spec", "template"])],
  ["Job", carrier(BATCH, ["spec", "template"])],
  ["CronJob", carrier(BATCH, ["spec", "jobTemplate", "spec", "template"])],
]);

/** Kinds that carry a pod spec or a pod template. */
export const POD_TEMPLATE_KINDS: readonly string[] = [...POD_CARRIERS.keys()];

function fieldsOf(value: unknown): Fields | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** The API group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/**
 * The pod metadata and spec of any object that has one: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob (spec.jobTemplate.spec.template) and PodTemplate (template).
 * Returns undefined for other kinds, for a kind of the same name in another API group (a custom resource), and
 * when the pod spec is missing. An object without apiVersion is matched by kind alone.
 */
export function podTemplateOf(obj: unknown): PodTemplateLocation | undefined {
  const root = fieldsOf(obj);
  if (root === undefined || typeof root.kind !== "string") return undefined;
  const found = POD_CARRIERS.get(root.kind);
  if (found === undefined) return undefined;
  if (typeof root.apiVersion === "string" && !found.groups.has(groupOf(root.apiVersion))) return undefined;
  let pod: Fields | undefined = root;
  for (const segment of found.podSegments) {
    pod = fieldsOf(pod[segment]);
    if (pod === undefined) return undefined;
  }
  const spec = fieldsOf(pod.spec);
  if (spec === undefined) return undefined;
  return {
    kind: root.kind,
    metadata: fieldsOf(pod.metadata),
    spec,
    specPath: found.specPath,
    metadataPath: found.metadataPath,
    specSegments: found.specSegments,
  };
}
