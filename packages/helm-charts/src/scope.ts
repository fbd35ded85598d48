// `helm template` prints objects as their templates write them: most charts leave metadata.namespace out and let
// `helm install -n` place them. To judge them (Pod Security level, NetworkPolicy selection, RBAC scope) each
// namespaced object gets the release namespace, as the install would give it; cluster-scoped kinds keep none.

/** Kinds that are cluster-scoped (built-in and the CRDs the platform's charts bring or use). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "FlowSchema",
  "IngressClass",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "CSIDriver",
  "CSINode",
  // CRDs of the platform's charts and of what they configure.
  "ClusterIssuer",
  "ClusterImagePolicy",
  "ClusterSecretStore",
  "ClusterExternalSecret",
  "ClusterPushSecret",
  "ClusterGenerator",
  "ClusterComplianceReport",
  "ClusterConfigAuditReport",
  "ClusterInfraAssessmentReport",
  "ClusterRbacAssessmentReport",
  "ClusterVulnerabilityReport",
  "ClusterSbomReport",
]);

/** Whether objects of `kind` are cluster-scoped. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
