// Pod spec settings the Pod Security Standards leave alone but a platform team does not: containers that see each
// other's processes, hand-written name resolution, sysctl values that smuggle a second setting, and containers
// nobody can tell are healthy.
import { z } from "zod";
import { fieldsOf, listOf } from "@ecommerce-security/pod-security";
import { exemptNamespaces, matchesNamePattern, namePatterns } from "./config";
import { carriesPod, containersOf, podOf } from "./containers";
import type { PolicyResource, PolicyRule, Violation } from "./types";
import { isUnknown } from "./unknown";

const inExempt = (resource: PolicyResource, exempt: readonly string[]) => resource.ref.namespace !== null && exempt.includes(resource.ref.namespace);

const workloadsConfig = (what: string) =>
  z.strictObject({
    exempt: namePatterns(`Workloads (namespace/name, * as a wildcard) allowed to ${what}.`),
    exemptNamespaces,
  });

type WorkloadsConfig = z.infer<ReturnType<typeof workloadsConfig>>;

const isExempt = (resource: PolicyResource, config: WorkloadsConfig) =>
  inExempt(resource, config.exemptNamespaces) || matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name);

/** No shared process namespace. */
export const workloadNoShareProcessNamespace: PolicyRule<WorkloadsConfig> = {
  name: "workload-no-share-process-namespace",
  group: "workloads",
  description:
    "Pods do not set shareProcessNamespace: every container would see and signal the others' processes and read their environment and files through /proc/<pid>/root, secrets included.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: workloadsConfig("share their process namespace"),
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config) || pod.spec.shareProcessNamespace !== true) return [];
    return [
      {
        path: `${pod.specPath}.shareProcessNamespace`,
        message: "the pod's containers share one process namespace: each can read the others' environment, memory and files",
        fix: "remove shareProcessNamespace; debug with an ephemeral container targeting one container instead",
      },
    ];
  },
};

/** No hostAliases. */
export const workloadNoHostAliases: PolicyRule<WorkloadsConfig> = {
  name: "workload-no-host-aliases",
  group: "workloads",
  description:
    "Pods do not set hostAliases: entries written into /etc/hosts override DNS for those names, silently redirect traffic and outlive the addresses they pin (advisory: sometimes the only workaround).",
  enforcementLevel: "advisory",
  scope: "resource",
  config: workloadsConfig("write /etc/hosts entries"),
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config) || isUnknown(pod.spec.hostAliases)) return [];
    const aliases = listOf(pod.spec.hostAliases);
    if (aliases.length === 0) return [];
    const names = aliases.flatMap((a) => listOf(fieldsOf(a)?.hostnames)).filter((h): h is string => typeof h === "string");
    return [
      {
        path: `${pod.specPath}.hostAliases`,
        message: `the pod overrides name resolution for ${names.length > 0 ? names.join(", ") : "some names"} through /etc/hosts`,
        fix: "resolve the names through DNS (a Service, an ExternalName, or the cluster's DNS configuration) and remove hostAliases",
      },
    ];
  },
};

/** No sysctl value that smuggles a second setting. */
export const workloadSysctlValues: PolicyRule<WorkloadsConfig> = {
  name: "workload-sysctl-values",
  group: "workloads",
  description:
    "Sysctl values in a pod's securityContext hold no '+' or '=': CRI-O split them into further settings (CVE-2022-0811), so a value of an allowed sysctl could set kernel.core_pattern and run code as root on the node.",
  enforcementLevel: "mandatory",
  scope: "resource",
  config: workloadsConfig("set such values"),
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || isExempt(resource, config)) return [];
    const violations: Violation[] = [];
    listOf(fieldsOf(pod.spec.securityContext)?.sysctls).forEach((item, index) => {
      const sysctl = fieldsOf(item);
      const value = sysctl?.value;
      if (typeof value !== "string" || isUnknown(value) || !/[+=]/.test(value)) return;
      violations.push({
        path: `${pod.specPath}.securityContext.sysctls[${index}].value`,
        message: `sysctl ${String(sysctl?.name)} has the value ${JSON.stringify(value)}, whose '+' or '=' a container runtime may read as a further setting (CVE-2022-0811)`,
        fix: "give the sysctl one plain value; set each sysctl as its own entry",
      });
    });
    return violations;
  },
};

/** Kinds whose pods run to completion: probes mean little there. */
const RUN_TO_COMPLETION = new Set(["Job", "CronJob"]);

const probeConfig = z.strictObject({
  probes: z
    .array(z.enum(["livenessProbe", "readinessProbe", "startupProbe"]))
    .default(["livenessProbe", "readinessProbe"])
    .describe("Probes every long-running container must have."),
  exempt: namePatterns("Workloads (namespace/name, * as a wildcard) allowed to run without probes."),
  exemptNamespaces,
});

/** Liveness and readiness probes on long-running containers. */
export const workloadProbes: PolicyRule<z.infer<typeof probeConfig>> = {
  name: "workload-probes",
  group: "workloads",
  description:
    "Every container of a long-running workload has a liveness and a readiness probe, so that a hung process is restarted and an unready one gets no traffic (Jobs, CronJobs and pods that do not restart are left alone).",
  enforcementLevel: "advisory",
  scope: "resource",
  config: probeConfig,
  appliesTo: carriesPod,
  check(resource, config) {
    const pod = podOf(resource);
    if (pod === undefined || RUN_TO_COMPLETION.has(pod.kind) || inExempt(resource, config.exemptNamespaces)) return [];
    if (matchesNamePattern(config.exempt, resource.ref.namespace, resource.ref.name)) return [];
    const restartPolicy = pod.spec.restartPolicy;
    if (restartPolicy === "Never" || restartPolicy === "OnFailure" || isUnknown(restartPolicy)) return [];
    return containersOf(pod, ["containers"]).flatMap((c) => {
      const missing = config.probes.filter((probe) => c.container[probe] === undefined || c.container[probe] === null);
      if (missing.length === 0 || missing.some((probe) => isUnknown(c.container[probe]))) return [];
      return [
        {
          path: `${c.path}.${missing[0]}`,
          message: `container "${c.name}" has no ${missing.join(" and no ")}`,
          fix: `add ${missing.join(" and ")} (an HTTP, gRPC, TCP or exec check of what the container serves)`,
        },
      ];
    });
  },
};

/** The pod spec rules of the workloads group. */
export const workloadPodRules: readonly PolicyRule[] = [
  workloadNoShareProcessNamespace,
  workloadSysctlValues,
  workloadNoHostAliases,
  workloadProbes,
] as PolicyRule[];
