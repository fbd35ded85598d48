/** What the program registered, as plain data: the shape the offline plan, the tests and the policy report share. */

/** One registered resource. */
export interface RecordedResource {
  /** Type token, e.g. `kubernetes:core/v1:Namespace`, `ecommerce:security:Platform`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Whether a provider manages it (false for components). */
  custom: boolean;
  /** Type and name of the parent resource (undefined for the stack itself). */
  parent?: { type: string; name: string };
  /** `type::name` of every explicit dependsOn. */
  dependsOn: string[];
  /** Whether `protect` is set. */
  protect: boolean;
  /** Inputs, with Outputs resolved and secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Dotted paths (`stringData.password`, `data[0].x`) of the inputs that are Pulumi secrets. */
  secretPaths: string[];
}

/** A Kubernetes object as the API server would receive it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** Placeholder written wherever a secret value would appear. */
export const REDACTED = "[secret]";

/** Types that are Kubernetes objects (not the provider, not Helm releases, not YAML/Chart groups). */
export function isKubernetesObjectType(type: string): boolean {
  return type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml") && !type.includes(":kustomize");
}

/** Copy of `inputs` with every secret path replaced by {@link REDACTED}. */
export function redactSecrets(inputs: Record<string, unknown>, secretPaths: string[]): Record<string, unknown> {
  if (secretPaths.length === 0) return inputs;
  const copy = structuredClone(inputs);
  for (const path of secretPaths) {
    if (path === "") return { redacted: REDACTED };
    const parts = path.match(/[^.[\]]+/g) ?? [];
    let node: Record<string, unknown> = copy;
    for (let i = 0; i < parts.length - 1 && node; i++) node = node[parts[i]] as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (node && last in node) node[last] = redactedShape(node[last]);
  }
  return copy;
}

/**
 * A secret value with its shape kept: an object (a Secret's whole `stringData`, which the Kubernetes provider marks
 * secret as one) keeps its keys with each value redacted, so schema validation and readers still see a map.
 */
function redactedShape(value: unknown): unknown {
  // Inputs recorded from the engine keep a secret as Pulumi's wire envelope { <signature>: <secret sig>, value }.
  const inner = value && typeof value === "object" && SECRET_SIGNATURE in value ? (value as { value?: unknown }).value : value;
  if (inner && typeof inner === "object" && !Array.isArray(inner)) {
    return Object.fromEntries(Object.keys(inner).map((k) => [k, REDACTED]));
  }
  return REDACTED;
}

/** The key that marks a serialized secret value in Pulumi's RPC format. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/**
 * Copy of `value` with every secret left in Pulumi's wire envelope (whatever `secretPaths` said) replaced by
 * {@link REDACTED}: a second line of defence for anything written where a reader sees it.
 */
export function redactSecretEnvelopes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecretEnvelopes);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return redactedShape(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecretEnvelopes(v)]));
  }
  return value;
}

/** The Kubernetes objects among the resources, secrets redacted, in registration order. */
export function kubernetesObjects(resources: RecordedResource[], opts: { redact?: boolean } = {}): KubernetesObject[] {
  return resources
    .filter((r) => r.custom && isKubernetesObjectType(r.type))
    .map((r) => {
      const inputs = opts.redact === false ? r.inputs : redactSecrets(r.inputs, r.secretPaths);
      return pruneProviderFields(inputs) as KubernetesObject;
    });
}

/** Drop the provider-only inputs (`__` fields) so what remains is the object as applied. */
function pruneProviderFields(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("__")));
}

/** One line of `inventory.json`: every resource of every provider. */
export interface InventoryEntry {
  type: string;
  name: string;
  /** The component this resource belongs to (`type::name` of its parent). */
  parent?: string;
  protect: boolean;
}

/** The inventory of a run. */
export function inventory(resources: RecordedResource[]): InventoryEntry[] {
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    parent: r.parent ? `${r.parent.type}::${r.parent.name}` : undefined,
    protect: r.protect,
  }));
}
