/**
 * Stand-in pods for the reachability analysis of the platform's own namespaces (the operators' charts are not
 * rendered by the mock run): one pod per distinct set of labels a NetworkPolicy selects, where the catalog's
 * representative pods do not already stand, and one unlabelled pod per namespace (a pod of the namespace that no
 * allow policy names, an attacker's or a forgotten one). With the stack's NetworkPolicies they let the analyzer
 * answer what any pod of any namespace the stack touches may reach and be reached by.
 */
import type { KubeObject } from "@ecommerce-security/manifests";
import { kubernetesObjects } from "../../platform/offline/recorded-resource";
import { representativePods } from "../../components/network/representative-workloads";
import { ISOLATION_LABEL } from "../../core/zero-trust/selectors";
import type { StackRun } from ".";

/** The label that marks a stand-in, so a test can tell stand-ins from the catalog's representative pods. */
export const STAND_IN_LABEL = "ecommerce.example.com/stand-in";

/** A stand-in Pod: `labels` in `namespace`, no port (the stack's policies name ports by number). */
export function standInPod(namespace: string, name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { ...labels, [STAND_IN_LABEL]: "true" } },
    spec: { containers: [{ name: "main", image: "registry.k8s.io/pause:3.10" }] },
  };
}

/** The same pod labelled `incident=isolated`, named `<name>-isolated`. */
export function isolatedTwin(pod: KubeObject): KubeObject {
  const metadata = pod.metadata as { name: string; namespace: string; labels?: Record<string, string> };
  return { ...pod, metadata: { ...metadata, name: `${metadata.name}-isolated`, labels: { ...metadata.labels, incident: "isolated" } } };
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * The stand-ins of a run: per namespace holding a Namespace object or a NetworkPolicy of the stack, a `<namespace>-any`
 * pod, and per distinct `matchLabels` of the policies there (not already matched by a representative pod), a pod with
 * exactly those labels, named after the first policy selecting it.
 */
export function standInPods(run: StackRun): KubeObject[] {
  const objects = kubernetesObjects(run.resources);
  const representatives = representativePods(run.config);
  const namespaces = new Set<string>([
    ...objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name!),
    ...objects.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.namespace!),
  ]);
  const pods: KubeObject[] = [...namespaces].map((ns) => standInPod(ns, `${ns}-any`, { app: "stand-in" }));
  const seen = new Set<string>();
  for (const policy of objects.filter((o) => o.kind === "NetworkPolicy")) {
    const ns = policy.metadata.namespace!;
    const selector = ((policy.spec as { podSelector?: { matchLabels?: Record<string, string> } }).podSelector?.matchLabels ?? {}) as Record<string, string>;
    // The isolation policy's selector stands for isolated pods, which the tests make themselves (isolatedTwin).
    if (Object.keys(selector).length === 0 || ISOLATION_LABEL in selector) continue;
    const key = `${ns}\u0000${JSON.stringify(Object.entries(selector).sort())}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (representatives.some((p) => p.metadata.namespace === ns && matches(selector, p.metadata.labels))) continue;
    pods.push(standInPod(ns, `${policy.metadata.name}-pod`, selector));
  }
  return pods;
}
