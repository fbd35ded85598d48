/**
 * The GDPR clean-up of application data (the architecture document's `gdpr-data-cleanup`, weekly, 365 days): a
 * CronJob that asks every catalog service declaring a `retention` endpoint to delete the personal data it holds older
 * than the retention (`POST <path>?olderThanDays=<days>`). The services own their data and how to delete it; the
 * platform owns when, and who may ask:
 * - the job runs in the compliance namespace (not the app namespace the document shows: it needs no Secret, ConfigMap
 *   or API access there, and its own namespace keeps it out of the app namespaces' grants) as its own ServiceAccount,
 *   restricted, read-only root filesystem, a numeric non-root user, no API token;
 * - its calls go through an Istio sidecar (a native sidecar, so the Job completes when curl exits) that originates
 *   mutual TLS with the job's identity `<trustDomain>/ns/<ns>/sa/gdpr-data-cleanup`;
 * - on each service an AuthorizationPolicy admits that principal for `POST` on the endpoint's path and port only,
 *   and a NetworkPolicy admits the job's pods on that port; the job's own NetworkPolicy lets it reach only those
 *   services, cluster DNS and istiod.
 * Without the mesh (`features.mesh` off) no call of the platform is mutual TLS: the job runs without a sidecar and
 * its calls are held by the NetworkPolicies alone, like every other service-to-service call there.
 */
import { componentLabels } from "../../core/labels";
import { dnsEgressRule, type PeerPods } from "../../core/operator-network-policy";
import { namespaceNamed, podsNotIsolated } from "../../core/zero-trust/selectors";
import { curlCronJob } from "./curl-cron-job";
import { DATA_CLEANUP_JOB } from "./names";
import type { ResolvedDataCleanup, RetentionTarget } from "./settings";

/** Inputs of {@link dataCleanupManifests}: the resolved clean-up, where the job runs and the cluster DNS. */
export interface DataCleanupInput extends ResolvedDataCleanup {
  /** Namespace of the job (`compliance.namespace`). */
  namespace: string;
  /** Cluster DNS (`network.dns`). */
  dns: PeerPods;
}

const tcp = (port: number) => ({ protocol: "TCP", port });

/** The labels of the job's pods: its name under the stack's selector label. */
export function dataCleanupPodLabels(selectorLabel: string): Record<string, string> {
  return { [selectorLabel]: DATA_CLEANUP_JOB };
}

/** The mesh identity of the job's pods, as AuthorizationPolicy `principals` name it. */
export function dataCleanupPrincipal(trustDomain: string, namespace: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${DATA_CLEANUP_JOB}`;
}

/** The URL the job calls on a target: its Service, through the mesh (the sidecar upgrades the call to mutual TLS). */
export function retentionUrl(target: RetentionTarget, retentionDays: number): string {
  return `http://${target.service}.${target.namespace}.svc:${target.port}${target.path}?olderThanDays=${retentionDays}`;
}

/**
 * The job's command: one curl for every target, stopping at the first failure (`--fail-early`) so a failed clean-up
 * fails the Job (and is retried, then alerted on as a failed Job) instead of being hidden by a later success.
 */
export function dataCleanupCommand(i: Pick<ResolvedDataCleanup, "targets" | "retentionDays">): string[] {
  return [
    "curl",
    "--silent",
    "--show-error",
    "--fail-with-body",
    "--fail-early",
    "--retry",
    "5",
    "--retry-all-errors",
    "--max-time",
    "1800",
    "-X",
    "POST",
    ...i.targets.map((t) => retentionUrl(t, i.retentionDays)),
  ];
}

/** ServiceAccount and CronJob. */
export function dataCleanupJob(i: DataCleanupInput) {
  const labels = { ...componentLabels("compliance"), ...dataCleanupPodLabels(i.selectorLabel) };
  return curlCronJob({
    name: DATA_CLEANUP_JOB,
    namespace: i.namespace,
    labels,
    schedule: i.schedule,
    activeDeadlineSeconds: 7200,
    // With the mesh, the sidecar is injected by this pod's label (the compliance namespace has no injection
    // label), as a native sidecar: it starts before curl and stops when curl exits, so the Job completes.
    podMetadata: i.mesh ? { labels: { ...labels, "sidecar.istio.io/inject": "true" }, annotations: { "sidecar.istio.io/nativeSidecar": "true" } } : { labels },
    image: i.image,
    command: dataCleanupCommand(i),
  });
}

/** The job's NetworkPolicy: cluster DNS, istiod (with the mesh) and the targets' pods on their endpoint ports; no ingress. */
export function dataCleanupNetworkPolicy(i: DataCleanupInput) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: DATA_CLEANUP_JOB, namespace: i.namespace, labels: componentLabels("compliance") },
    spec: {
      podSelector: podsNotIsolated(dataCleanupPodLabels(i.selectorLabel)),
      policyTypes: ["Ingress", "Egress"],
      egress: [
        dnsEgressRule(i.dns),
        ...(i.mesh
          ? [
              {
                to: [{ namespaceSelector: namespaceNamed(i.mesh.istiod.namespace), podSelector: { matchLabels: { ...i.mesh.istiod.podLabels } } }],
                ports: [tcp(i.mesh.istiod.port)],
              },
            ]
          : []),
        ...i.targets.map((t) => ({
          to: [{ namespaceSelector: namespaceNamed(t.namespace), podSelector: podsNotIsolated(t.podSelector) }],
          ports: [tcp(t.port)],
        })),
      ],
    },
  };
}

/** Name of the NetworkPolicy and AuthorizationPolicy admitting the job on a target. */
export function targetPolicyName(target: RetentionTarget): string {
  return `${target.service}-${DATA_CLEANUP_JOB}`;
}

/** On a target: its pods admit the job's pods on the endpoint's port. */
export function targetNetworkPolicy(i: DataCleanupInput, target: RetentionTarget) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: targetPolicyName(target), namespace: target.namespace, labels: componentLabels("compliance") },
    spec: {
      podSelector: podsNotIsolated(target.podSelector),
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: namespaceNamed(i.namespace), podSelector: podsNotIsolated(dataCleanupPodLabels(i.selectorLabel)) }],
          ports: [tcp(target.port)],
        },
      ],
    },
  };
}

/** On a target: the mesh admits the job's identity for `POST` on the endpoint's path and port, and nothing else. */
export function targetAuthorizationPolicy(i: DataCleanupInput & { mesh: NonNullable<DataCleanupInput["mesh"]> }, target: RetentionTarget) {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: targetPolicyName(target), namespace: target.namespace, labels: componentLabels("compliance") },
    spec: {
      selector: { matchLabels: { ...target.podSelector } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: [dataCleanupPrincipal(i.mesh.trustDomain, i.namespace)] } }],
          to: [{ operation: { methods: ["POST"], paths: [target.path], ports: [String(target.port)] } }],
        },
      ],
    },
  };
}

/** Every object of the clean-up. */
export function dataCleanupManifests(i: DataCleanupInput) {
  return {
    ...dataCleanupJob(i),
    networkPolicy: dataCleanupNetworkPolicy(i),
    targets: i.targets.map((t) => {
      const mesh = i.mesh;
      return { networkPolicy: targetNetworkPolicy(i, t), authorizationPolicy: mesh ? targetAuthorizationPolicy({ ...i, mesh }, t) : undefined };
    }),
  };
}
