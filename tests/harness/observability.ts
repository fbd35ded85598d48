/** Fixture helpers of the observability tests: the objects this components register, per stack run. */
import { kubernetesObjects, type KubernetesObject } from "../../platform/offline/recorded-resource";
import type { RecordedResource, StackRun } from ".";

/** Component types of logging, audit, alerting, incident response and compliance. */
export const OBSERVABILITY_COMPONENTS = ["Logging", "Audit", "Alerting", "IncidentResponse", "Compliance"].map((c) => `ecommerce:security:${c}`);

/** Resources whose parent is one of the observability components (optionally only one of them). */
export function resourcesOf(run: StackRun, component?: string): RecordedResource[] {
  const types = component ? [`ecommerce:security:${component}`] : OBSERVABILITY_COMPONENTS;
  return run.resources.filter((r) => r.parent && types.includes(r.parent.type));
}

/** The Kubernetes objects (secrets redacted) those components register. */
export function objectsOf(run: StackRun, component?: string): KubernetesObject[] {
  return kubernetesObjects(resourcesOf(run, component));
}

/** The one object of a kind and name among them. */
export function one<T = KubernetesObject>(objects: KubernetesObject[], kind: string, name: string): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as T;
}

/** The pod spec of a workload object (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function podSpecOf(o: KubernetesObject): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const spec = o.spec as any;
  return o.kind === "CronJob" ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

/** Workload kinds (objects carrying a pod template). */
export const WORKLOAD_KINDS = new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]);

/** The key that marks a serialized secret in Pulumi's wire format ({ <signature>: <secret sig>, value }). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A copy with every secret envelope replaced by its value: what the API server would receive. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return unwrapSecrets((value as { value?: unknown }).value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The inputs of a recorded resource with secrets unwrapped (never redacted): for asserting on secret values. */
export function plainInputs(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.inputs) as Record<string, unknown>;
}
