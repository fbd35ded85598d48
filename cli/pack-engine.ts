// Calls the pack's CrossGuard policies the way the Pulumi engine's analyzer server does: props deserialized into
// plain objects, unknown values as the engine's sentinel strings, wrapped in @pulumi/policy's unknown-checking proxy
// (reading an unknown through it throws), config from getConfig(), resource violations without a URN and stack
// violations with one. Nothing here starts a gRPC server.
import {
  unknownCheckingProxy,
  type PolicyResource as EnginePolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { policies } from "../policy/policies";

/** The engine's unknown markers, from @pulumi/policy itself (so the pack's copy of them is checked against the source). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const engineUnknown = require("@pulumi/policy/proxy") as {
  unknownStringValue: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};

/** A resource as a test declares it: what the program would register. */
export interface FakeResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Property name -> logical names of the resources it depends on (stack validation only). */
  dependsOnByProperty?: Record<string, string[]>;
}

/** What a policy reported. */
export interface Reported {
  /** The resource reported against (logical name), or undefined for the stack as a whole. */
  resource?: string;
  message: string;
}

export const urnOf = (r: Pick<FakeResource, "type" | "name">) => `urn:pulumi:test::ecommerce-security::${r.type}::${r.name}`;

const options = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

const notApplicable = (reason?: string): never => {
  throw new Error(`not applicable: ${reason ?? ""}`);
};

/** The ResourceValidationArgs the analyzer builds for one resource. */
export function resourceArgs(resource: FakeResource, config: Record<string, unknown> = {}): ResourceValidationArgs {
  const props = unknownCheckingProxy(structuredClone(resource.props)) as Record<string, unknown>;
  return {
    type: resource.type,
    props,
    urn: urnOf(resource),
    name: resource.name,
    opts: options,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => structuredClone(config) as T,
    notApplicable,
  };
}

/** The StackValidationArgs the analyzer builds for a stack. */
export function stackArgs(resources: readonly FakeResource[], config: Record<string, unknown> = {}): StackValidationArgs {
  const built: EnginePolicyResource[] = resources.map((r) => ({
    type: r.type,
    props: unknownCheckingProxy(structuredClone(r.props)) as Record<string, unknown>,
    urn: urnOf(r),
    name: r.name,
    opts: options,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  resources.forEach((r, i) => {
    for (const [property, names] of Object.entries(r.dependsOnByProperty ?? {})) {
      built[i].propertyDependencies[property] = names.map((n) => {
        const found = built.find((b) => b.name === n);
        if (found === undefined) throw new Error(`test resource ${r.name} depends on unknown ${n}`);
        return found;
      });
    }
  });
  return { resources: built, stackTags: new Map(), getConfig: <T extends object>() => structuredClone(config) as T, notApplicable };
}

/** The pack's policy of that name. */
export function policyNamed(name: string): ResourceValidationPolicy | StackValidationPolicy {
  const found = policies.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no policy ${name}`);
  return found;
}

/**
 * What a policy reports over a set of resources, as the engine would run it: a stack policy once over the set, a
 * resource policy once per resource. `config` is the policy's configuration (without enforcementLevel).
 */
export async function reportedBy(name: string, resources: readonly FakeResource[], config: Record<string, unknown> = {}): Promise<Reported[]> {
  const policy = policyNamed(name);
  const reported: Reported[] = [];
  if ("validateStack" in policy) {
    const byUrn = new Map(resources.map((r) => [urnOf(r), r.name]));
    await policy.validateStack(stackArgs(resources, config), (message, urn) => {
      reported.push({ resource: urn === undefined ? undefined : byUrn.get(urn), message });
    });
    return reported;
  }
  const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  for (const resource of resources) {
    for (const validate of validations) {
      await validate(resourceArgs(resource, config), (message) => reported.push({ resource: resource.name, message }));
    }
  }
  return reported;
}

/** The remediation of a policy applied to one resource as the engine would (undefined: nothing changed). */
export async function remediatedBy(name: string, resource: FakeResource, config: Record<string, unknown> = {}): Promise<Record<string, unknown> | undefined> {
  const policy = policyNamed(name);
  if (!("remediateResource" in policy) || policy.remediateResource === undefined) throw new Error(`${name} has no remediation`);
  return (await policy.remediateResource(resourceArgs(resource, config))) as Record<string, unknown> | undefined;
}

/** The Pulumi type token the Kubernetes provider gives a manifest's kind (`apps/v1` Deployment -> `kubernetes:apps/v1:Deployment`). */
export function kubernetesType(manifest: { apiVersion: string; kind: string }): string {
  return `kubernetes:${manifest.apiVersion.includes("/") ? manifest.apiVersion : `core/${manifest.apiVersion}`}:${manifest.kind}`;
}

/** A Kubernetes object registered as the typed resource the program would create (logical name kind-namespace-name). */
export function k8s(manifest: Record<string, unknown> & { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }): FakeResource {
  const m = manifest.metadata ?? {};
  const name = [manifest.kind.toLowerCase(), m.namespace, m.name ?? "unnamed"].filter(Boolean).join("-");
  return { type: kubernetesType(manifest), name, props: manifest };
}
