/**
 * Register a plain manifest (built by a concern's pure builder) as the matching typed Kubernetes resource,
 * so the policy pack and `pulumi preview` see a real `kubernetes:apps/v1:Deployment`, not an opaque blob.
 * Kinds without a typed class (custom resources) become `apiextensions.CustomResource`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "./manifest";

export type { Manifest } from "./manifest";

type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource; // eslint-disable-line @typescript-eslint/no-explicit-any

const typed: Record<string, ResourceClass> = {
  "v1/Namespace": k8s.core.v1.Namespace,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/Secret": k8s.core.v1.Secret,
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Service": k8s.core.v1.Service,
  "v1/ResourceQuota": k8s.core.v1.ResourceQuota,
  "v1/LimitRange": k8s.core.v1.LimitRange,
  "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
  "v1/Pod": k8s.core.v1.Pod,
  "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
  "networking.k8s.io/v1/Ingress": k8s.networking.v1.Ingress,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "apps/v1/DaemonSet": k8s.apps.v1.DaemonSet,
  "batch/v1/Job": k8s.batch.v1.Job,
  "batch/v1/CronJob": k8s.batch.v1.CronJob,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": k8s.admissionregistration.v1.ValidatingWebhookConfiguration,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": k8s.admissionregistration.v1.ValidatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding,
};

/** A logical name unique within the stack: kind, namespace and name. */
export function logicalName(m: Pick<Manifest, "kind" | "metadata">): string {
  const kind = m.kind.toLowerCase();
  return m.metadata.namespace ? `${kind}-${m.metadata.namespace}-${m.metadata.name}` : `${kind}-${m.metadata.name}`;
}

/** Register one manifest as a Pulumi resource. */
export function createObject(manifest: Manifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const Cls = typed[`${manifest.apiVersion}/${manifest.kind}`];
  const name = logicalName(manifest);
  if (Cls) return new Cls(name, manifest, opts);
  return new k8s.apiextensions.CustomResource(name, manifest as k8s.apiextensions.CustomResourceArgs, opts);
}

/** Register several manifests with the same options, keyed by logical name. */
export function createObjects(manifests: Manifest[], opts: pulumi.CustomResourceOptions): Map<string, pulumi.CustomResource> {
  return new Map(manifests.map((m) => [logicalName(m), createObject(m, opts)]));
}
