/** Queries over a recorded run that the secrets tests share. */
import type { RecordedResource, StackRun } from "../../tests/harness";

/** `type::name` of a resource, the form dependsOn uses. */
export function idOf(r: Pick<RecordedResource, "type" | "name">): string {
  return `${r.type}::${r.name}`;
}

/** The one component of a type (throws naming the stack when absent or ambiguous). */
export function componentOf(run: StackRun, type: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type} in stack ${run.stack}, found ${found.length}`);
  return found[0];
}

/** A resource and every resource below it (by parent links). */
export function subtree(run: StackRun, root: Pick<RecordedResource, "type" | "name">): RecordedResource[] {
  const inside = new Set([idOf(root)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of run.resources) {
      if (!inside.has(idOf(r)) && r.parent && inside.has(`${r.parent.type}::${r.parent.name}`)) {
        inside.add(idOf(r));
        grew = true;
      }
    }
  }
  return run.resources.filter((r) => inside.has(idOf(r)));
}

/** Resources of a type below a component type. */
export function childrenOfType(run: StackRun, componentType: string, type: string): RecordedResource[] {
  return subtree(run, componentOf(run, componentType)).filter((r) => r.type === type);
}

/** What differs between two runs' resource lists (by `type::name`). */
export function resourceDelta(before: StackRun, after: StackRun): { removed: string[]; added: string[] } {
  const a = new Set(before.resources.map(idOf));
  const b = new Set(after.resources.map(idOf));
  return { removed: [...a].filter((x) => !b.has(x)).sort(), added: [...b].filter((x) => !a.has(x)).sort() };
}

/** The `path` blocks of a Vault policy (HCL), with their capabilities. */
export function vaultPolicyPaths(hcl: string): Array<{ path: string; capabilities: string[] }> {
  const blocks = [...hcl.matchAll(/path\s+"([^"]+)"\s*\{([^}]*)\}/g)];
  return blocks.map((m) => ({
    path: m[1],
    capabilities: [...(/capabilities\s*=\s*\[([^\]]*)\]/.exec(m[2])?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((c) => c[1]),
  }));
}

/** An IAM policy document as the AWS resources receive it (a JSON string). */
export interface PolicyDocument {
  Version: string;
  Statement: Array<{
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string>;
    Condition?: Record<string, Record<string, string>>;
  }>;
}

/** Parse a policy input. */
export function policyOf(r: RecordedResource, field: "policy" | "assumeRolePolicy"): PolicyDocument {
  const raw = r.inputs[field];
  if (typeof raw !== "string") throw new Error(`${idOf(r)} has no ${field} string`);
  return JSON.parse(raw) as PolicyDocument;
}

/** A value or list as a list. */
export function listOf<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Pulumi's marker of a secret value as the mock monitor receives it. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The plain value inside a secret as the monitor saw it (the value itself when it is not wrapped). */
export function unsecret<T = unknown>(v: unknown): T {
  return (v && typeof v === "object" && SECRET_SIG in v ? (v as unknown as { value: unknown }).value : v) as T;
}
