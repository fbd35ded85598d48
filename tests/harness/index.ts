/**
 * The test harness: run the program once per real stack file under Pulumi mocks and query what it registered.
 * Runs are memoized per stack and overrides, so many test files can share one run.
 */
import { kubernetesObjects, type KubernetesObject, type RecordedResource } from "../../platform/offline/recorded-resource";
import { runProgram, type RunOptions, type StackRun } from "../../platform/offline/mock-runtime";
import { readStackFile, stackNames } from "../../platform/offline/stack-file";
import { withSecrets } from "../../platform/offline/stand-in-secrets";
import type { SecretConfigKey } from "../../core/config/secret-keys";

export type { StackRun, RecordedResource, KubernetesObject };
export { readStackFile, stackNames };

/** The stacks users deploy: every committed stack file except the local e2e one. */
export const realStacks = stackNames().filter((s) => s !== "e2e");

const runs = new Map<string, Promise<StackRun>>();

/** Options of {@link runStack}: the program's run options and credentials to set. */
export interface StackRunOptions extends RunOptions {
  /** Credentials set as Pulumi secrets before the run, as `pulumi config set --secret <key>` would (test values only). */
  secrets?: Partial<Record<SecretConfigKey, string>>;
}

/** Run the program against `Pulumi.<stack>.yaml` (plus optional config overrides and secrets) and record everything. */
export function runStack(stack: string, options: StackRunOptions = {}): Promise<StackRun> {
  // Features are keyed by name: their schemas and functions do not serialize.
  const key = `${stack}:${JSON.stringify({ ...options, features: options.features?.map((f) => f.name) })}`;
  let run = runs.get(key);
  if (!run) {
    // Runs share Pulumi's global runtime state, so they are chained, never concurrent.
    const previous = [...runs.values()].pop() ?? Promise.resolve();
    run = previous.catch(() => undefined).then(() => runProgram(withSecrets(readStackFile(stack), options.secrets), options));
    runs.set(key, run);
  }
  return run;
}

/** Resources of a type (exact type token), optionally filtered. */
export function resourcesOfType(run: StackRun, type: string, where: (r: RecordedResource) => boolean = () => true): RecordedResource[] {
  return run.resources.filter((r) => r.type === type && where(r));
}

/** Kubernetes objects (secrets redacted) of a kind, optionally in a namespace. */
export function objectsOfKind<T extends KubernetesObject = KubernetesObject>(run: StackRun, kind: string, namespace?: string): T[] {
  return kubernetesObjects(run.resources).filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)) as T[];
}

/** The one Kubernetes object of a kind and name (and namespace); throws when absent so a test says what is missing. */
export function objectNamed<T extends KubernetesObject = KubernetesObject>(run: StackRun, kind: string, name: string, namespace?: string): T {
  const found = objectsOfKind<T>(run, kind, namespace).filter((o) => o.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${namespace ? `${namespace}/` : ""}${name} in stack ${run.stack}, found ${found.length}`);
  }
  return found[0];
}

/** The recorded resource behind a Kubernetes object (for parent, dependsOn, protect, secret paths). */
export function resourceOfObject(run: StackRun, kind: string, name: string, namespace?: string): RecordedResource {
  const found = run.resources.filter((r) => {
    const m = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
    return r.inputs.kind === kind && m?.name === name && (namespace === undefined || m?.namespace === namespace);
  });
  if (found.length !== 1) throw new Error(`expected one resource for ${kind} ${name} in stack ${run.stack}, found ${found.length}`);
  return found[0];
}
