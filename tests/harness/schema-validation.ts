/**
 * Validate rendered Kubernetes objects against the upstream OpenAPI schemas with kubernetes-models
 * (core kinds) and the @kubernetes-models CRD packages (cert-manager, Istio, External Secrets,
 * prometheus-operator, sealed-secrets). Those packages are ESM-only, hence the dynamic imports.
 */
import type { KubernetesObject } from "../../platform/offline/recorded-resource";

/** CRD groups and the package holding their schemas. */
const crdPackages: Array<[RegExp, string]> = [
  [/^(acme\.)?cert-manager\.io$/, "@kubernetes-models/cert-manager"],
  [/\.istio\.io$/, "@kubernetes-models/istio"],
  [/^(generators\.)?external-secrets\.io$/, "@kubernetes-models/external-secrets"],
  [/^monitoring\.coreos\.com$/, "@kubernetes-models/prometheus-operator"],
  [/^bitnami\.com$/, "@kubernetes-models/sealed-secrets"],
];

/**
 * Kinds with no schema package on the npm registry. Each is listed with the reason; anything else
 * without a schema fails validation, so a new kind cannot slip through unchecked.
 */
export const kindsWithoutSchema: Record<string, string> = {
  "policy.sigstore.dev/v1beta1/ClusterImagePolicy": "no @kubernetes-models package for sigstore policy-controller",
  "velero.io/v1/Schedule": "no @kubernetes-models package for Velero",
  "velero.io/v1/BackupStorageLocation": "no @kubernetes-models package for Velero",
  "velero.io/v1/VolumeSnapshotLocation": "no @kubernetes-models package for Velero",
};

/** The module exporting the model class of an apiVersion/kind, or undefined when no package has it. */
export function modelModule(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "") return `kubernetes-models/${version}/${kind}`;
  const crd = crdPackages.find(([re]) => re.test(group));
  if (crd) return `${crd[1]}/${group}/${version}/${kind}`;
  if (!group.includes(".") || group.endsWith(".k8s.io")) return `kubernetes-models/${group}/${version}/${kind}`;
  return undefined;
}

/** One schema problem. */
export interface SchemaProblem {
  object: string;
  message: string;
}

type ModelClass = new (data: unknown) => { validate(): void };
const modelCache = new Map<string, Promise<ModelClass | undefined>>();

async function loadModel(module: string, kind: string): Promise<ModelClass | undefined> {
  let p = modelCache.get(module);
  if (!p) {
    p = import(module).then(
      (m: Record<string, ModelClass>) => m[kind],
      () => undefined,
    );
    modelCache.set(module, p);
  }
  return p;
}

/** Validate objects; returns every problem (empty when all are valid). */
export async function validateObjects(objects: KubernetesObject[]): Promise<SchemaProblem[]> {
  const problems: SchemaProblem[] = [];
  for (const obj of objects) {
    const id = `${obj.apiVersion}/${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata?.name}`;
    if (`${obj.apiVersion}/${obj.kind}` in kindsWithoutSchema) continue;
    const module = modelModule(obj.apiVersion, obj.kind);
    const Model = module ? await loadModel(module, obj.kind) : undefined;
    if (!Model) {
      problems.push({ object: id, message: `no schema known for ${obj.apiVersion} ${obj.kind}` });
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push({ object: id, message: describe(e) });
    }
  }
  return problems;
}

/** kubernetes-models throws an error whose `errors` carry ajv's instancePath: turn them into field paths. */
function describe(e: unknown): string {
  const errors = (e as { errors?: Array<{ instancePath?: string; message?: string; params?: unknown }> }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map(
        (er) =>
          `${(er.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".") || "(root)"}: ${er.message}${er.params ? ` ${JSON.stringify(er.params)}` : ""}`,
      )
      .join("; ");
  }
  return e instanceof Error ? e.message : String(e);
}
