// Turning what the policy pack is given into the one shape rules read (PolicyResource): a resource the Pulumi
// engine passes to CrossGuard, a resource the offline plan recorded, or an object read from a manifest file.
// Kubernetes resources' props are the manifest (apiVersion and kind included), whatever their Pulumi type:
// typed classes (`kubernetes:apps/v1:Deployment`) and custom resources alike.
import { fieldsOf } from "@ecommerce-security/pod-security";
import type { Fields, PolicyResource, ResourceRef, ResourceSource } from "./types";
import { fromEngine, isUnknown } from "./unknown";

/** Pulumi type token of a Helm release (`kubernetes:helm.sh/v3:Release`, and v4 should it appear). */
export function isHelmReleaseType(type: string): boolean {
  return /^kubernetes:helm\.sh\/v\d+:Release$/.test(type);
}

/**
 * Whether a Pulumi type token registers one Kubernetes object (typed kinds, patches and custom resources), as
 * opposed to the provider, a Helm release or a YAML/Kustomize/Chart group component.
 */
export function isKubernetesObjectType(type: string): boolean {
  return (
    type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml") && !type.startsWith("kubernetes:kustomize")
  );
}

/** `kubernetes:apps/v1:Deployment` -> apiVersion `apps/v1`, kind `Deployment` (core/v1 -> v1). */
function apiVersionAndKindOfType(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:(.+):([^:]+)$/.exec(type);
  if (match === null) return undefined;
  const apiVersion = match[1].startsWith("core/") ? match[1].slice("core/".length) : match[1];
  return { apiVersion, kind: match[2] };
}

/** The Pulumi type token a plain manifest would have: `apps/v1` + `Deployment` -> `kubernetes:apps/v1:Deployment`. */
export function typeOfManifest(apiVersion: string | undefined, kind: string): string {
  const version = apiVersion ?? "v1";
  return `kubernetes:${version.includes("/") ? version : `core/${version}`}:${kind}`;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined);

/** The reference of a Kubernetes object; `fallbackName` when metadata.name is absent or unknown (auto-naming). */
function kubernetesRef(manifest: Fields, type: string, fallbackName: string): ResourceRef {
  const metadata = fieldsOf(manifest.metadata);
  const fromType = apiVersionAndKindOfType(type);
  return {
    apiVersion: text(manifest.apiVersion) ?? fromType?.apiVersion ?? null,
    kind: text(manifest.kind) ?? fromType?.kind ?? type,
    namespace: text(metadata?.namespace) ?? null,
    name: text(metadata?.name) ?? fallbackName,
  };
}

/** What the engine, the plan or a test knows about one resource. */
export interface ResourceInput {
  /** Pulumi type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** Inputs (resource validation) or outputs (stack validation); may be `@pulumi/policy` proxies holding unknowns. */
  props: unknown;
  /** URN, when known. */
  urn?: string;
  /** URNs each property depends on (stack validation). */
  propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Normalizes one Pulumi resource: props copied out of the engine's proxies with unknowns as UNKNOWN; a Kubernetes
 * object's props are its manifest (apiVersion and kind filled in from the type token when absent), fields starting
 * with `__` (provider bookkeeping) dropped.
 */
export function fromPulumiResource(input: ResourceInput): PolicyResource {
  const props = (fieldsOf(fromEngine(input.props)) ?? {}) as Record<string, unknown>;
  const base = { type: input.type, name: input.name, urn: input.urn, propertyDependencies: input.propertyDependencies };
  if (isKubernetesObjectType(input.type)) {
    const manifest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) if (!key.startsWith("__")) manifest[key] = value;
    const fromType = apiVersionAndKindOfType(input.type);
    if (manifest.apiVersion === undefined && fromType) manifest.apiVersion = fromType.apiVersion;
    if (manifest.kind === undefined && fromType) manifest.kind = fromType.kind;
    return { ...base, props: manifest, manifest, ref: kubernetesRef(manifest, input.type, input.name) };
  }
  const namespace = isHelmReleaseType(input.type) ? (text(props.namespace) ?? null) : null;
  return { ...base, props, ref: { apiVersion: null, kind: input.type, namespace, name: input.name } };
}

/**
 * Normalizes an object read from a manifest file. Its name is `<kind>/<namespace>/<name>` (what a Pulumi logical
 * name would be) and its type the token the Pulumi Kubernetes provider would give it.
 */
export function fromManifest(object: Fields, index = 0, source?: ResourceSource): PolicyResource {
  const kind = text(object.kind) ?? "Unknown";
  const apiVersion = text(object.apiVersion);
  const type = typeOfManifest(apiVersion, kind);
  const metadata = fieldsOf(object.metadata);
  const name = text(metadata?.name) ?? `#${index}`;
  const namespace = text(metadata?.namespace);
  return {
    type,
    name: namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`,
    props: object,
    manifest: object,
    ref: kubernetesRef(object, type, name),
    allKnown: true,
    ...(source === undefined ? {} : { source }),
  };
}

/** `Deployment shop/api` or `aws:s3/bucket:Bucket backups`: how a resource is named in human output. */
export function describeRef(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
