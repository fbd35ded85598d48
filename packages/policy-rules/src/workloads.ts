// The workloads group: resources, a read-only root filesystem, no service account token a pod does not need, and
// nothing in the `default` namespace (which no stack declares, so it has no Pod Security labels and no default-deny).
import { z } from "zod";
import { fieldsOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces, matchesNamePattern, namePatterns } from "./config";
import { carriesPod, containersOf, podOf } from "./containers";
import { CLUSTER_SCOPED } from "./cluster-scoped";
import { apiGroupOf } from "./context";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const isExempt = (resource: PolicyResource, exempt: readonly string[]) => resource.ref.namespace !== null && exempt.includes(resource.ref.namespace);

const resourcesConfig = z.strictObject({
  requests: z
    .array(z.enum(["cpu", "memory", "ephemeral-storage"]))
    .default(["cpu", "memory"])
    .describe("Resources every container must request."),
  limits: z
    .array(z.enum(["cpu", "memory", "ephemeral-storage"]))
    .default(["cpu", "memory"])
    .describe("Resources every container must limit."),
  exemptNamespaces,
});

/** Requests and limits on every container. */
export const workloadResources: PolicyRule<z.infer<typeof resourcesConfig>> = {
  name: "workload-resources",
  group: "workloads",
  description: "Every container and init container sets resource requests and limits, so that one workload cannot starve its node or namespace.",
  enforcementLevel: "advisory",
  scope: "resource",
  config: resourcesConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config.exemptNamespaces)) return [];
    const violations: Violation[] = [];
    // Ephemeral containers cannot have resources (the API rejects them).
    for (const c of containersOf(pod, ["containers", "initContainers"])) {
      const resources = c.container.resources;
      if (isUnknown(resources)) continue;
      for (const kind of ["requests", "limits"] as const) {
        const set = fieldsOf(fieldsOf(resources)?.[kind]);
        if (isUnknown(fieldsOf(resources)?.[kind])) continue;
        const missing = config[kind].filter((name) => set?.[name] === undefined || set[name] === null);
        if (missing.length === 0) continue;
        violations.push({
          path: `${c.path}.resources.${kind}`,
          message: `container "${c.name}" does not set ${kind} for ${missing.join(", ")}`,
          fix: `set resources.${kind}.${missing.join(" and ")} on the container`,
        });
      }
    }
    return violations;
  },
};

const readOnlyConfig = z.strictObject({ exemptNamespaces });

/** readOnlyRootFilesystem on every container. */
export const workloadReadOnlyRootFilesystem: PolicyRule<z.infer<typeof readOnlyConfig>> = {
  name: "workload-read-only-root-filesystem",
  group: "workloads",
  description: "Every container runs with a read-only root filesystem (securityContext.readOnlyRootFilesystem: true); writable paths are emptyDir volumes.",
  enforcementLevel: "advisory",
  scope: "resource",
  config: readOnlyConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config.exemptNamespaces)) return [];
    // Windows containers have no read-only root filesystem (the API forbids the field on Windows pods).
    if (fieldsOf(pod.spec.os)?.name === "windows") return [];
    return containersOf(pod)
      .filter((c) => {
        const securityContext = c.container.securityContext;
        const value = fieldsOf(securityContext)?.readOnlyRootFilesystem;
        return !isUnknown(securityContext) && !isUnknown(value) && value !== true;
      })
      .map((c) => ({
        path: `${c.path}.securityContext.readOnlyRootFilesystem`,
        message: `container "${c.name}" has a writable root filesystem`,
        fix: "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write",
      }));
  },
};

const tokenConfig = z.strictObject({
  grantedServiceAccounts: namePatterns(
    "Service accounts (namespace/name, * as a wildcard) whose pods may mount a token although no binding of the set grants them a role, e.g. accounts bound outside the stack.",
  ),
  exemptNamespaces,
});

/** No API token in pods whose service account is granted nothing. */
export const workloadServiceAccountToken: PolicyRule<z.infer<typeof tokenConfig>> = {
  name: "workload-service-account-token",
  group: "workloads",
  description:
    "A pod mounts a service account token only when its service account is granted a role (a RoleBinding or ClusterRoleBinding of the stack, or configuration); otherwise automountServiceAccountToken is false on the pod or its ServiceAccount.",
  enforcementLevel: "mandatory",
  scope: "stack",
  config: tokenConfig,
  appliesTo: carriesPod,
  check(resource, config, context) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config.exemptNamespaces)) return [];
    const automount = pod.spec.automountServiceAccountToken;
    const accountName = pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? "default";
    if (isUnknown(automount) || isUnknown(accountName) || typeof accountName !== "string") return [];
    if (automount === false) return [];
    const namespace = resource.ref.namespace;
    if (automount === undefined) {
      const account = context.serviceAccount(namespace, accountName);
      const accountAutomount = account?.props.automountServiceAccountToken;
      if (accountAutomount === false || isUnknown(accountAutomount)) return [];
    }
    if (matchesNamePattern(config.grantedServiceAccounts, namespace, accountName)) return [];
    const bound = context.isServiceAccountBound(namespace, accountName);
    if (bound !== false) return [];
    return [
      {
        path: `${pod.specPath}.automountServiceAccountToken`,
        message: `pods mount a token of service account "${accountName}", which no RoleBinding or ClusterRoleBinding grants anything`,
        fix: "set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount); if the pod calls the API, bind the account to a Role",
      },
    ];
  },
};

const defaultNamespaceConfig = z.strictObject({
  allowed: namePatterns("Objects (kind/name, e.g. ConfigMap/bootstrap) that may live in the default namespace."),
});

/** Nothing in the default namespace. */
export const workloadNoDefaultNamespace: PolicyRule<z.infer<typeof defaultNamespaceConfig>> = {
  name: "workload-no-default-namespace",
  group: "workloads",
  description:
    "Namespaced objects name their namespace and it is not `default`: the default namespace is declared by no stack, so it has no Pod Security labels and no default-deny policy.",
  enforcementLevel: "advisory",
  scope: "resource",
  config: defaultNamespaceConfig,
  appliesTo: (resource) => resource.manifest !== undefined && !CLUSTER_SCOPED.has(resource.ref.kind) && !resource.ref.kind.endsWith("List"),
  check(resource, config) {
    const namespace = fieldsOf(resource.props.metadata)?.namespace;
    if (isUnknown(namespace) || isUnknown(resource.props.metadata)) return [];
    if (typeof namespace === "string" && namespace !== "" && namespace !== "default") return [];
    if (matchesNamePattern(config.allowed, resource.ref.kind, resource.ref.name)) return [];
    const group = apiGroupOf(resource.ref.apiVersion);
    const where = namespace === "default" ? "is in the default namespace" : "names no namespace (it lands in the provider's or kubectl's default)";
    return [
      {
        path: "metadata.namespace",
        message: `${resource.ref.kind}${group ? `.${group}` : ""} ${where}`,
        fix: "set metadata.namespace to a namespace the stack declares (with Pod Security labels and a default-deny policy)",
      },
    ];
  },
};

/** The rules of the workloads group. */
export const workloadRules: readonly PolicyRule[] = [
  workloadResources,
  workloadReadOnlyRootFilesystem,
  workloadServiceAccountToken,
  workloadNoDefaultNamespace,
] as PolicyRule[];
