/** Fixture builders of the TLS tests: a stack's configuration and TLS plan with overrides, and resource lookups. */
import { planTls, type TlsPlan } from "./plan";
import { resolveCertificates } from "./settings";
import { type RecordedResource, type StackRun } from "../../tests/harness";
import { stackConfigWith } from "../../tests/harness/config";
import { subtreeOf } from "../../tests/harness/resource-tree";

export { stackConfigWith };

/** The TLS plan of a real stack, with overrides. */
export function tlsPlanOf(stack: string, overrides: Record<string, unknown> = {}): TlsPlan {
  const settings = resolveCertificates(stackConfigWith(stack, overrides));
  if (!settings) throw new Error(`stack ${stack} has no certificates (features.certificates off or no tls section)`);
  return planTls(settings);
}

/** The issuer each real stack must use for its public certificate (the issue's rule, stated per stack). */
export const expectedPublicIssuer: Record<string, string> = {
  staging: "letsencrypt-staging",
  production: "letsencrypt-prod",
};

/** `type::name` of a recorded resource, as dependsOn lists it. */
export function ref(r: Pick<RecordedResource, "type" | "name">): string {
  return `${r.type}::${r.name}`;
}

/** The one recorded resource of a type (and name prefix); throws naming what is missing. */
export function onlyResource(run: StackRun, type: string, name?: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""} in stack ${run.stack}, found ${found.length}`);
  return found[0];
}

/** Every resource below a component (children, grandchildren, ...), by `type::name`. */
export function descendantsOf(run: StackRun, type: string, name: string): Set<string> {
  const below = subtreeOf(run, [{ type, name }]);
  below.delete(`${type}::${name}`);
  return below;
}

/** The `cert-manager.io` custom resources of a run. */
export function certManagerResources(run: StackRun): RecordedResource[] {
  return run.resources.filter((r) => r.type.startsWith("kubernetes:cert-manager.io/") || r.type.startsWith("kubernetes:acme.cert-manager.io/"));
}
