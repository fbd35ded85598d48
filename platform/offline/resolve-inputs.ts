/** Pulumi Inputs (Outputs, promises, resources, nested values) resolved to plain data, noting which paths are secret. */
import * as pulumi from "@pulumi/pulumi";

/** A value resolved to plain data, and the dotted paths (`stringData.password`, `data[0].x`) that were Pulumi secrets. */
export interface ResolvedValue {
  value: unknown;
  secretPaths: string[];
}

/** Resolve `value` (any mix of Outputs, promises and plain data) to plain data, noting the secret paths. */
export async function resolveWithSecrets(value: unknown): Promise<ResolvedValue> {
  const secretPaths: string[] = [];
  return { value: await resolveInputs(value, "", secretPaths), secretPaths };
}

/** Resolve Inputs to plain values, adding the paths that are secret to `secrets`. */
export async function resolveInputs(value: unknown, path: string, secrets: string[]): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) secrets.push(path);
    const inner = await new Promise<unknown>((resolve) => value.apply((v) => resolve(v)));
    return resolveInputs(inner, path, secrets);
  }
  if (value instanceof Promise) return resolveInputs(await value, path, secrets);
  if (pulumi.Resource.isInstance(value)) return `[resource ${(value as unknown as { __name?: string }).__name}]`;
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => resolveInputs(v, `${path}[${i}]`, secrets)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[k] = await resolveInputs(v, path ? `${path}.${k}` : k, secrets);
    }
    return out;
  }
  return value;
}
