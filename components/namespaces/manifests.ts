/** Manifests that make a namespace safe by default: Pod Security labels, default-deny, quota and limits. */
import { componentLabels } from "../../core/labels";

import type { PodSecurityLevel } from "../../core/pod-security-levels";

export type { PodSecurityLevel };

/** What a declared namespace is and how it is guarded. */
export interface NamespaceSpec {
  /** Namespace name. */
  name: string;
  /** Pod Security level enforced. */
  level: PodSecurityLevel;
  /** Version of the standard pinned in the `-version` labels ("latest" or "v1.N"). */
  version: string;
  /** Why the level is below restricted (recorded as an annotation). */
  reason?: string;
  /** Whether Istio injects sidecars into its pods. */
  mesh: boolean;
  /** What the namespace is for (recorded as an annotation). */
  purpose: string;
  /** Opt the namespace in to image signature admission (sigstore policy-controller's `policy.sigstore.dev/include`). */
  imageSignatures?: boolean;
}

/**
 * The Namespace object. `enforce` is the configured level; `audit` and `warn` stay at restricted so every
 * relaxation still shows up in audit logs and kubectl warnings.
 */
export function namespaceManifest(ns: NamespaceSpec) {
  const labels: Record<string, string> = {
    ...componentLabels("namespaces"),
    "pod-security.kubernetes.io/enforce": ns.level,
    "pod-security.kubernetes.io/enforce-version": ns.version,
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": ns.version,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": ns.version,
  };
  if (ns.mesh) labels["istio-injection"] = "enabled";
  if (ns.imageSignatures) labels["policy.sigstore.dev/include"] = "true";
  const annotations: Record<string, string> = { "ecommerce.example.com/purpose": ns.purpose };
  if (ns.reason) annotations["ecommerce.example.com/pod-security-reason"] = ns.reason;
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels, annotations } };
}

/** Deny every ingress and egress of every pod in the namespace; allow rules are added per service. */
export function defaultDenyManifest(namespace: string) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny-all", namespace, labels: componentLabels("network") },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

/** Quota defaults for a namespace (config `namespaceDefaults.quota`). */
export interface QuotaSpec {
  /** Total CPU requests of all pods (`requests.cpu`). */
  requestsCpu: string;
  /** Total memory requests (`requests.memory`). */
  requestsMemory: string;
  /** Total CPU limits (`limits.cpu`). */
  limitsCpu: string;
  /** Total memory limits (`limits.memory`). */
  limitsMemory: string;
  /** Number of pods. */
  pods: number;
  /** Number of PersistentVolumeClaims. */
  persistentVolumeClaims: number;
  /** Services of type LoadBalancer (0: traffic enters through the ingress controller only). */
  servicesLoadBalancers: number;
  /** Services of type NodePort (0: no port opened on every node). */
  servicesNodePorts: number;
}

/** A ResourceQuota capping what one namespace can consume (a compromised workload cannot starve the cluster). */
export function resourceQuotaManifest(namespace: string, q: QuotaSpec) {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "default-quota", namespace, labels: componentLabels("namespaces") },
    spec: {
      hard: {
        "requests.cpu": q.requestsCpu,
        "requests.memory": q.requestsMemory,
        "limits.cpu": q.limitsCpu,
        "limits.memory": q.limitsMemory,
        pods: String(q.pods),
        persistentvolumeclaims: String(q.persistentVolumeClaims),
        "services.loadbalancers": String(q.servicesLoadBalancers),
        "services.nodeports": String(q.servicesNodePorts),
      },
    },
  };
}

/** LimitRange defaults (config `namespaceDefaults.limitRange`). */
export interface LimitRangeSpec {
  /** CPU limit of a container that sets none. */
  defaultCpu: string;
  /** Memory limit of a container that sets none. */
  defaultMemory: string;
  /** CPU request of a container that sets none. */
  defaultRequestCpu: string;
  /** Memory request of a container that sets none. */
  defaultRequestMemory: string;
  /** The largest CPU limit one container may have. */
  maxCpu: string;
  /** The largest memory limit one container may have. */
  maxMemory: string;
}

/** Container defaults and ceilings, so a pod without resources still gets bounded ones. */
export function limitRangeManifest(namespace: string, l: LimitRangeSpec) {
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "default-limits", namespace, labels: componentLabels("namespaces") },
    spec: {
      limits: [
        {
          type: "Container",
          default: { cpu: l.defaultCpu, memory: l.defaultMemory },
          defaultRequest: { cpu: l.defaultRequestCpu, memory: l.defaultRequestMemory },
          max: { cpu: l.maxCpu, memory: l.maxMemory },
        },
      ],
    },
  };
}
