/** Helpers over a run's resource tree: what a component owns, and what a config change adds or removes. */
import type { RecordedResource, StackRun } from ".";

/** `type::name` of a resource. */
export const keyOf = (r: Pick<RecordedResource, "type" | "name">) => `${r.type}::${r.name}`;

/** Every resource below the given ones (children, grandchildren, ...), the given ones included. */
export function subtreeOf(run: StackRun, roots: Array<Pick<RecordedResource, "type" | "name">>): Set<string> {
  const owned = new Set(roots.map(keyOf));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of run.resources) {
      if (r.parent && owned.has(`${r.parent.type}::${r.parent.name}`) && !owned.has(keyOf(r))) {
        owned.add(keyOf(r));
        grew = true;
      }
    }
  }
  return owned;
}

/** What a second run lacks and adds compared with the first. */
export function difference(before: StackRun, after: StackRun): { removed: string[]; added: string[] } {
  const a = new Set(before.resources.map(keyOf));
  const b = new Set(after.resources.map(keyOf));
  return { removed: [...a].filter((k) => !b.has(k)).sort(), added: [...b].filter((k) => !a.has(k)).sort() };
}

/** The component resources of a type (exactly one expected per stack for ours). */
export function componentsOfType(run: StackRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The SecureNamespace component of a namespace, found by the Namespace object it parents. */
export function secureNamespaceOf(run: StackRun, namespace: string): RecordedResource {
  const ns = run.resources.find((r) => r.inputs.kind === "Namespace" && (r.inputs.metadata as { name?: string } | undefined)?.name === namespace);
  if (!ns?.parent) throw new Error(`no Namespace ${namespace} in stack ${run.stack}`);
  const parent = ns.parent;
  const found = run.resources.find((r) => r.type === parent.type && r.name === parent.name);
  if (!found) throw new Error(`no parent of Namespace ${namespace}`);
  return found;
}

/**
 * The security-update check's read access inside a namespace (its Role and RoleBinding, components/scanning): the
 * check reads every declared namespace through a Role there, so a namespace that goes takes them along.
 */
export function updateCheckAccessIn(run: StackRun, namespace: string): string[] {
  return run.resources
    .filter((r) => {
      const m = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
      return ["Role", "RoleBinding"].includes(r.inputs.kind as string) && m?.namespace === namespace && m?.name === "security-update-check-read-workloads";
    })
    .map(keyOf);
}

/**
 * The network concern's `incident-isolation` NetworkPolicy in a namespace: it isolates pods in every namespace the
 * stack declares, so a namespace that goes takes it along.
 */
export function isolationPolicyIn(run: StackRun, namespace: string): string[] {
  return run.resources
    .filter((r) => {
      const m = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
      return r.inputs.kind === "NetworkPolicy" && m?.namespace === namespace && m?.name === "incident-isolation";
    })
    .map(keyOf);
}
