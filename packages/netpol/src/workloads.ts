// Turns Namespace, Pod and pod-template owner manifests into the analyzer's namespaces and workloads.
import type { KubeObject } from "@ecommerce-security/manifests";
import { Protocol, protocols } from "./connection-set";
import { labelValue, Labels } from "./label-selector";
import { ContainerPort, NamespaceInfo, Workload } from "./model";

/** The label Kubernetes sets on every namespace to its name (since v1.22), which policies use to select by name. */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

/** Namespace of objects that omit `metadata.namespace`. */
export const defaultNamespace = "default";

/** How to find the pod template of each workload kind that owns pods. */
const podTemplateOf: Readonly<Record<string, (spec: Record<string, unknown>) => unknown>> = {
  Deployment: (spec) => spec.template,
  StatefulSet: (spec) => spec.template,
  DaemonSet: (spec) => spec.template,
  ReplicaSet: (spec) => spec.template,
  ReplicationController: (spec) => spec.template,
  Job: (spec) => spec.template,
  CronJob: (spec) => record(record(spec.jobTemplate).spec).template,
};

/** Whether objects of this kind are workloads (pods or pod-template owners) for the analyzer. */
export function isWorkloadKind(kind: string): boolean {
  return kind === "Pod" || Object.prototype.hasOwnProperty.call(podTemplateOf, kind);
}

/** A field read from untyped manifest data as an object (or `{}` when it is absent or not an object). */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The object's `metadata.name` (undefined when missing) and `metadata.namespace` (`default` when missing). */
export function objectIdentity(object: KubeObject): { name?: string; namespace: string } {
  const metadata = record(object.metadata);
  const name = typeof metadata.name === "string" && metadata.name !== "" ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : defaultNamespace;
  return { name, namespace };
}

/** Reads a labels map, keeping string values and the text of YAML numbers/booleans. */
export function readLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(record(value))) {
    const text = labelValue(raw);
    if (text !== undefined) labels[key] = text;
  }
  return labels;
}

/** A Namespace manifest as {@link NamespaceInfo}; its name label is always set, as the API server does. */
export function namespaceFromManifest(object: KubeObject): NamespaceInfo | undefined {
  const { name } = objectIdentity(object);
  if (name === undefined) return undefined;
  return namespaceNamed(name, readLabels(record(object.metadata).labels));
}

/** A namespace with the given labels plus its automatic name label. */
export function namespaceNamed(name: string, labels: Labels = {}): NamespaceInfo {
  return { name, labels: { ...labels, [namespaceNameLabel]: name } };
}

/**
 * The workload a Pod or pod-template owner manifest stands for. A Pod with an owner reference stands for its
 * owner (the controller reference, else the first one), named and kinded as written in the pod, so all replicas
 * are one peer; a ReplicaSet is not resolved to its Deployment. `where` prefixes problems.
 */
export function workloadFromManifest(object: KubeObject, source: string, problems: string[], warnings: string[]): Workload | undefined {
  const { name, namespace } = objectIdentity(object);
  const where = `${source}: ${object.kind} ${namespace}/${name ?? "<unnamed>"}`;
  if (name === undefined) {
    problems.push(`${where}: metadata.name is missing`);
    return undefined;
  }
  if (object.kind === "Pod") {
    const metadata = record(object.metadata);
    const owner = podOwner(metadata.ownerReferences);
    return {
      namespace,
      name: owner?.name ?? name,
      kind: owner?.kind ?? "Pod",
      labels: readLabels(metadata.labels),
      containerPorts: containerPorts(record(object.spec), `${where}: spec`, warnings),
      source,
    };
  }
  const template = record(podTemplateOf[object.kind](record(object.spec)));
  return {
    namespace,
    name,
    kind: object.kind,
    labels: readLabels(record(template.metadata).labels),
    containerPorts: containerPorts(record(template.spec), `${where}: pod template spec`, warnings),
    source,
  };
}

function podOwner(references: unknown): { name: string; kind: string } | undefined {
  if (!Array.isArray(references)) return undefined;
  const valid = references.map(record).filter((reference) => typeof reference.name === "string" && typeof reference.kind === "string");
  const owner = valid.find((reference) => reference.controller === true) ?? valid[0];
  return owner ? { name: owner.name as string, kind: owner.kind as string } : undefined;
}

/**
 * The ports of a pod spec's containers; init and ephemeral containers serve no traffic a policy names. An invalid
 * port entry (for example `containerport` misspelt) is skipped with a warning: it only matters to named-port
 * resolution, where an unusable port simply matches nothing.
 */
function containerPorts(podSpec: Record<string, unknown>, where: string, warnings: string[]): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  containers.forEach((container: unknown, containerIndex) => {
    const declared = record(container).ports;
    if (!Array.isArray(declared)) return;
    declared.forEach((raw: unknown, portIndex) => {
      const port = record(raw);
      const path = `${where}.containers[${containerIndex}].ports[${portIndex}]`;
      const protocol = port.protocol ?? "TCP";
      if (!protocols.includes(protocol as Protocol)) {
        warnings.push(`${path}.protocol: ${JSON.stringify(port.protocol)} is not one of ${protocols.join(", ")}; port skipped`);
        return;
      }
      const number = port.containerPort;
      if (typeof number !== "number" || !Number.isInteger(number) || number < 1 || number > 65535) {
        warnings.push(`${path}.containerPort: ${JSON.stringify(number ?? null)} is not an integer 1-65535; port skipped`);
        return;
      }
      const name = typeof port.name === "string" && port.name !== "" ? port.name : undefined;
      ports.push({ name, port: number, protocol: protocol as Protocol });
    });
  });
  return ports;
}
