/**
 * The plan's `cloud/` folder: every resource that is neither a Kubernetes object nor a Helm release (AWS, Vault,
 * TLS, random, the providers) with the inputs `pulumi up` would send, one file per resource, so a reviewer reads
 * the IAM, bucket and key policies, the Vault policies and the Secrets Manager metadata instead of a bare name.
 * Secrets are redacted; policy documents sent as JSON text are shown as documents; Vault policies as HCL files.
 */
import type { PlanFile } from "./network-report";
import { isKubernetesObjectType, redactSecretEnvelopes, redactSecrets, type RecordedResource } from "./recorded-resource";

/** Inputs that hold a document in another language, written as a file of their own beside the resource's JSON. */
const documentInputs: Record<string, { input: string; extension: string }> = {
  "vault:index/policy:Policy": { input: "policy", extension: "hcl" },
};

/** Whether a recorded resource belongs in `cloud/`: a provider-managed resource that is no Kubernetes object and no Helm release. */
export function isCloudResource(r: Pick<RecordedResource, "custom" | "type">): boolean {
  return r.custom && !isKubernetesObjectType(r.type) && !r.type.startsWith("kubernetes:helm.sh/");
}

/** What `cloud/<...>.json` holds for one resource. */
export interface CloudResourceFile {
  type: string;
  name: string;
  /** `type::name` of the component it belongs to. */
  parent?: string;
  protect: boolean;
  dependsOn?: string[];
  /** Inputs that the program sends as JSON text (IAM and bucket policies): shown here parsed, as the document they are. */
  jsonTextInputs?: string[];
  /** What a reviewer should know that the inputs do not say. */
  notes?: string[];
  inputs: Record<string, unknown>;
}

/** The files of `cloud/` for a run's resources. */
export function cloudPlanFiles(resources: readonly RecordedResource[]): PlanFile[] {
  const files: PlanFile[] = [];
  const used = new Set<string>();
  for (const r of resources.filter(isCloudResource)) {
    let stem = cloudFileStem(r.type, r.name);
    // Two resources of one type may share a name under different parents: keep both.
    for (let n = 2; used.has(stem); n++) stem = `${cloudFileStem(r.type, r.name)}-${n}`;
    used.add(stem);
    const { file, documents } = cloudResourceFile(r, stem);
    files.push({ path: `${stem}.json`, content: `${JSON.stringify(file, null, 2)}\n` });
    files.push(...documents);
  }
  return files;
}

/**
 * `cloud/<package>/<module>/<kind>-<name>` for a type token `<package>:<module>/<x>:<Kind>` (the `index` module is
 * left out), `cloud/providers/<package>-<name>` for a provider.
 */
export function cloudFileStem(type: string, name: string): string {
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, "_");
  const provider = /^pulumi:providers:(.+)$/.exec(type);
  if (provider) return `cloud/providers/${provider[1]}-${safeName}`;
  const [pkg, middle = "", kind = type] = type.split(":");
  const module = middle.split("/")[0];
  const folder = module && module !== "index" ? `${pkg}/${module}` : pkg;
  return `cloud/${folder}/${kind.toLowerCase()}-${safeName}`;
}

function cloudResourceFile(r: RecordedResource, stem: string): { file: CloudResourceFile; documents: PlanFile[] } {
  const redacted = redactSecretEnvelopes(redactSecrets(r.inputs, r.secretPaths)) as Record<string, unknown>;
  const inputs = Object.fromEntries(Object.entries(redacted).filter(([k]) => !k.startsWith("__")));
  const documents: PlanFile[] = [];
  const document = documentInputs[r.type];
  if (document && typeof inputs[document.input] === "string") {
    const fileName = `${stem.split("/").pop()}.${document.extension}`;
    documents.push({ path: `${stem}.${document.extension}`, content: inputs[document.input] as string });
    inputs[document.input] = { file: fileName };
  }
  const jsonTextInputs: string[] = [];
  const readable = parseJsonText(inputs, "", jsonTextInputs) as Record<string, unknown>;
  const notes = notesOf(r.type, readable);
  const file: CloudResourceFile = {
    type: r.type,
    name: r.name,
    parent: r.parent ? `${r.parent.type}::${r.parent.name}` : undefined,
    protect: r.protect,
    dependsOn: r.dependsOn.length > 0 ? r.dependsOn : undefined,
    jsonTextInputs: jsonTextInputs.length > 0 ? jsonTextInputs : undefined,
    notes: notes.length > 0 ? notes : undefined,
    inputs: readable,
  };
  return { file, documents };
}

/** Strings holding a JSON object (IAM, bucket and key policies are sent as text) replaced by the object; their paths noted. */
function parseJsonText(value: unknown, path: string, found: string[]): unknown {
  if (typeof value === "string" && value.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(value);
      found.push(path);
      return parsed;
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => parseJsonText(v, `${path}[${i}]`, found));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, parseJsonText(v, path ? `${path}.${k}` : k, found)]));
  }
  return value;
}

/** Facts a reviewer needs that an input leaves implicit. */
function notesOf(type: string, inputs: Record<string, unknown>): string[] {
  if (type === "aws:kms/key:Key" && inputs.policy === undefined) {
    return ["no key policy is set: AWS applies its default key policy, under which the account's IAM policies decide who may use the key"];
  }
  return [];
}
