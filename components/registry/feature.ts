/** The registry concern: the stack's own Harbor (off by default), for stacks that host their registry. */
import type { Feature } from "../../core/feature";
import { registryIssues } from "./checks";
import { Registry } from "./component";
import { harborPolicyExceptions } from "./policy-exceptions";
import { registrySchema } from "./schema";
import { resolveRegistry, type RegistryFeatureConfig, type ResolvedRegistry } from "./settings";

export const registryFeature: Feature<RegistryFeatureConfig, ResolvedRegistry> & { readonly sections: { registry: typeof registrySchema } } = {
  name: "registry",
  switches: { registry: { description: "Harbor, the stack's own private registry (pinned chart, cert-manager TLS, Trivy scanning).", default: false } },
  sections: { registry: registrySchema },
  checks: registryIssues,
  resolve: resolveRegistry,
  namespaces: (settings) => [{ name: settings.namespace, purpose: "Harbor, the private image registry" }],
  policyExceptions: (settings) => harborPolicyExceptions(settings.namespace),
  create: (settings, handles, opts) => {
    const component = new Registry("registry", { settings, handles }, opts);
    return { component, outputs: { registryUrl: component.url } };
  },
};
