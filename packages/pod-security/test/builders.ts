// Fixture builders for the Pod Security tests: one restricted-compliant pod, varied one field at a time.
import deepmerge from "deepmerge";

/** A manifest as the evaluator receives it: plain parsed YAML/JSON. */
export type ManifestFixture = Record<string, unknown>;

/** Deep merge where a list in the overrides replaces the base list (containers, volumes, capabilities). */
function merged<T extends object>(base: T, overrides: object): T {
  return deepmerge(base, overrides as Partial<T>, { arrayMerge: (_target, source) => source });
}

/** A container that meets restricted on its own (allowPrivilegeEscalation=false, drop ALL), with `overrides` merged in. */
export function containerWith(overrides: ManifestFixture = {}): ManifestFixture {
  return merged(
    {
      name: "app",
      image: "registry.example.com/shop/app:1.4.2",
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
    overrides,
  );
}

/**
 * A Pod that meets restricted (runAsNonRoot, RuntimeDefault seccomp, one restricted container "app"),
 * with `overrides` merged in; lists in the overrides replace the base lists.
 */
export function podWith(overrides: { metadata?: ManifestFixture; spec?: ManifestFixture } = {}): ManifestFixture {
  return merged(
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [containerWith()],
      },
    },
    overrides,
  );
}

/** A Linux-less pod: spec.os.name windows, runAsNonRoot (still required), no Linux-only security fields. */
export function windowsPodWith(overrides: { metadata?: ManifestFixture; spec?: ManifestFixture } = {}): ManifestFixture {
  return merged(
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "win" },
      spec: { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "app", image: "mcr.microsoft.com/iis:1" }] },
    },
    overrides,
  );
}

/** apiVersion and pod-template location of every kind that carries a pod. */
export const WORKLOAD_KINDS = {
  Pod: { apiVersion: "v1", specPath: "spec", metadataPath: "metadata" },
  PodTemplate: { apiVersion: "v1", specPath: "template.spec", metadataPath: "template.metadata" },
  ReplicationController: { apiVersion: "v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  Deployment: { apiVersion: "apps/v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  StatefulSet: { apiVersion: "apps/v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  DaemonSet: { apiVersion: "apps/v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  ReplicaSet: { apiVersion: "apps/v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  Job: { apiVersion: "batch/v1", specPath: "spec.template.spec", metadataPath: "spec.template.metadata" },
  CronJob: {
    apiVersion: "batch/v1",
    specPath: "spec.jobTemplate.spec.template.spec",
    metadataPath: "spec.jobTemplate.spec.template.metadata",
  },
} as const;

/** The kinds that carry a pod. */
export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

/** `pod` (from {@link podWith}) as an object of `kind`, its metadata and spec placed where that kind keeps them. */
export function workloadWith(kind: WorkloadKind, pod: ManifestFixture = podWith()): ManifestFixture {
  const { apiVersion } = WORKLOAD_KINDS[kind];
  const template = { metadata: pod.metadata, spec: pod.spec };
  const metadata = { name: `web-${kind.toLowerCase()}`, namespace: "shop" };
  const selector = { matchLabels: { app: "web" } };
  switch (kind) {
    case "Pod":
      return { ...pod, apiVersion, kind };
    case "PodTemplate":
      return { apiVersion, kind, metadata, template };
    case "CronJob":
      return { apiVersion, kind, metadata, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } } };
    case "Job":
    case "ReplicationController":
      return { apiVersion, kind, metadata, spec: { template } };
    default:
      return { apiVersion, kind, metadata, spec: { selector, template } };
  }
}

/** Freezes an object graph so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
