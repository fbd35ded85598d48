/**
 * `features`: which components this stack deploys, and which providers it may use.
 * Turning a feature off removes exactly its resources; nothing else changes.
 */
import { z } from "zod";

export const featuresSchema = z
  .strictObject({
    /** Istio mTLS: PeerAuthentication STRICT, DestinationRules, AuthorizationPolicies, sidecar injection labels. */
    mesh: z.boolean().default(true),
    /** External Secrets Operator, its SecretStores and the catalog's ExternalSecrets. */
    externalSecrets: z.boolean().default(true),
    /** Sealed Secrets controller with our own sealing key. */
    sealedSecrets: z.boolean().default(true),
    /** cert-manager, issuers, the internal CA, certificates and the TLS ingress. */
    certificates: z.boolean().default(true),
    /** trivy-operator and the scheduled scan CronJobs. */
    scanning: z.boolean().default(true),
    /** sigstore policy-controller and the ClusterImagePolicy. */
    imageSignatures: z.boolean().default(true),
    /** Velero, its encrypted bucket and the schedules. */
    backup: z.boolean().default(true),
    /** Fluent Bit and (unless logging.mode is external) Elasticsearch and Kibana. */
    logging: z.boolean().default(true),
    /** Audit policy output. */
    audit: z.boolean().default(true),
    /** PrometheusRules and the Alertmanager configuration. */
    alerting: z.boolean().default(true),
    /** Isolation policy, forensics role and runbook wiring. */
    incidentResponse: z.boolean().default(true),
    /** Compliance ConfigMap, GDPR retention job and the optional PCI zone. */
    compliance: z.boolean().default(true),
    /** Helm releases. Off where no chart repository is reachable (the e2e stack); the CRD-backed objects of a disabled release go too. */
    helmReleases: z.boolean().default(true),
    /** Resources of the AWS provider (KMS, S3, IAM, Secrets Manager). */
    awsResources: z.boolean().default(true),
    /** Resources of the Vault provider (KV mount, auth backend, policy). */
    vaultResources: z.boolean().default(true),
    /** Resources of the TLS provider (internal CA, sealing key). */
    tlsResources: z.boolean().default(true),
  })
  .prefault({});

export type FeaturesConfig = z.infer<typeof featuresSchema>;
