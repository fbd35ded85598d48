// Reads the analyzer's topology (namespaces, workloads, policies) out of a mixed list of manifests.
import type { KubeObject, SourcedObject } from "@ecommerce-security/manifests";
import { NetpolInputError } from "./errors";
import { NamespaceInfo, Policy, Topology, Workload } from "./model";
import { isKubernetesNetworkPolicy, policyFromManifest } from "./policies";
import { isWorkloadKind, namespaceFromManifest, namespaceNamed, workloadFromManifest } from "./workloads";

/** What the analyzer accepts: plain objects, or objects with the file they came from (as `readManifests` returns). */
export type AnalyzerInput = KubeObject | SourcedObject;

/** Whether an input carries its source file (a {@link SourcedObject}) rather than being a bare object. */
function isManifest(input: AnalyzerInput): input is SourcedObject {
  return typeof (input as SourcedObject).source === "string" && typeof (input as SourcedObject).object === "object" && !("kind" in input);
}

/** The display name of a workload peer: `namespace/name[Kind]`. */
export function workloadId(workload: Pick<Workload, "namespace" | "name" | "kind">): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

/**
 * Builds the topology from manifests. Namespaces, Pods, pod-template owners and Kubernetes NetworkPolicies are read;
 * every other kind (Service, ConfigMap, Calico policies, ...) is ignored. Pods of one owner become one workload;
 * namespaces that workloads use but no manifest declares are created with only their name label.
 * @throws {NetpolInputError} listing every invalid field found.
 */
export function buildTopology(inputs: readonly AnalyzerInput[]): Topology {
  const problems: string[] = [];
  const warnings: string[] = [];
  const namespaces = new Map<string, NamespaceInfo>();
  const workloads = new Map<string, Workload>();
  const policies: Policy[] = [];
  for (const input of inputs) {
    const { object, source } = isManifest(input) ? input : { object: input, source: "<input>" };
    if (object.kind === "Namespace") {
      const namespace = namespaceFromManifest(object);
      if (namespace === undefined) problems.push(`${source}: Namespace: metadata.name is missing`);
      else if (namespaces.has(namespace.name)) warnings.push(`${source}: Namespace ${namespace.name} declared twice; the first one is used`);
      else namespaces.set(namespace.name, namespace);
    } else if (isKubernetesNetworkPolicy(object)) {
      const policy = policyFromManifest(object, source, problems, warnings);
      if (policy) policies.push(policy);
    } else if (isWorkloadKind(object.kind)) {
      const workload = workloadFromManifest(object, source, problems, warnings);
      if (workload === undefined) continue;
      const id = workloadId(workload);
      const existing = workloads.get(id);
      // Pods of one owner are replicas of one workload; a second manifest of the same workload is a mistake.
      if (existing === undefined) workloads.set(id, workload);
      else if (object.kind !== "Pod") warnings.push(`${source}: ${id} declared twice (first in ${existing.source}); the first one is used`);
    }
  }
  if (problems.length > 0) throw new NetpolInputError(problems);
  for (const workload of workloads.values()) {
    if (!namespaces.has(workload.namespace)) namespaces.set(workload.namespace, namespaceNamed(workload.namespace));
  }
  return {
    namespaces: [...namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    workloads: [...workloads.values()],
    policies,
    warnings,
  };
}
