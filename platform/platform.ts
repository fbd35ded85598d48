/**
 * Platform: the root component. It turns the validated stack configuration into the security layer,
 * one child component per concern, in dependency order. Add a component here, not in index.ts.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { ProgramConfig } from "./config/load";
import { planNamespaces } from "./namespaces";
import { Certificates } from "../components/certificates/component";
import { SecureNamespace } from "../components/namespaces/secure-namespace";
import { SecretsManagement } from "../components/secrets/component";
import { Mesh } from "../components/mesh/component";
import { Network } from "../components/network/component";
import { Rbac } from "../components/rbac/component";
import { Backup } from "../components/backup/component";
import { ImageSignatures } from "../components/image-signatures/component";
import { Scanning } from "../components/scanning/component";
import { Alerting } from "../components/alerting/component";
import { Audit } from "../components/audit/component";
import { Compliance } from "../components/compliance/component";
import { IncidentResponse } from "../components/incident-response/component";
import { Logging } from "../components/logging/component";
import { alertingRendered } from "../core/alerting-enabled";
import { GDPR_POD_LABELS } from "../components/compliance/gdpr-retention";
import { issuesLoggingCertificate } from "./config/observability-checks";
import { catalogNamespaces } from "../core/derived";

/** Arguments of {@link Platform}. */
export interface PlatformArgs {
  /** The validated stack configuration (config/). */
  config: ProgramConfig;
}

/** What every component receives from the platform. */
export interface PlatformContext {
  /** The validated stack configuration. */
  config: ProgramConfig;
  /** The Kubernetes provider every Kubernetes object uses. */
  kubernetes: k8s.Provider;
  /** Declared namespaces by name; create objects inside with `dependsOn` on the namespace. */
  namespaces: ReadonlyMap<string, SecureNamespace>;
  /** The AWS provider (region from config), when `features.awsResources` is on and a region is configured. */
  aws?: aws.Provider;
  /** The Vault provider, when `features.vaultResources` is on and `secrets.vault` is set (token from VAULT_TOKEN). */
  vault?: vault.Provider;
}

/** The whole security layer of one stack. */
export class Platform extends pulumi.ComponentResource {
  /** Names of the namespaces this stack declares. */
  readonly namespaceNames: string[];
  /** PEM certificate of the newest Sealed Secrets sealing key (`kubeseal --cert`); undefined without our sealing key. */
  readonly sealedSecretsCertificate: pulumi.Output<string> | undefined;
  /**
   * The stack outputs (what index.ts exports), leaving out those whose feature is off so Pulumi shows no
   * "undefined value" warnings: namespaces, internalCaCertificate, sealedSecretsCertificate, auditPolicy,
   * eksControlPlaneLogTypes.
   */
  readonly stackOutputs: Record<string, pulumi.Input<unknown>>;
  /** PEM of the internal CA certificate (features.certificates and tlsResources on): what clients trust. */
  readonly internalCaCertificate: pulumi.Output<string> | undefined;
  /** The Kubernetes audit policy (YAML) for kube-apiserver, when features.audit is on. */
  readonly auditPolicy: pulumi.Output<string> | undefined;
  /** EKS control-plane log types to enable (empty off EKS), when features.audit is on. */
  readonly eksControlPlaneLogTypes: pulumi.Output<string[]> | undefined;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Platform", name, {}, opts);
    const config = args.config;
    const kubernetes = new k8s.Provider(`${name}-kubernetes`, kubernetesProviderArgs(config), { parent: this });
    const child = { parent: this, providers: { kubernetes } };

    const namespaceSpecs = planNamespaces(config);
    const namespaces = new Map(
      namespaceSpecs.map((spec) => [
        spec.name,
        new SecureNamespace(
          spec.name,
          {
            ...spec,
            quota: config.namespaceDefaults.quota,
            limitRange: config.namespaceDefaults.limitRange,
            protect: config.protect && config.catalog.some((s) => s.namespace === spec.name && s.tier !== "edge" && s.tier !== "backend"),
          },
          child,
        ),
      ]),
    );
    const awsRegion = config.secrets.aws?.region ?? config.backup?.region;
    const ctx: PlatformContext = {
      config,
      kubernetes,
      namespaces,
      aws: config.features.awsResources && awsRegion ? new aws.Provider(`${name}-aws`, { region: awsRegion as aws.Region }, { parent: this }) : undefined,
      vault:
        config.features.vaultResources && config.secrets.vault
          ? new vault.Provider(`${name}-vault`, { address: config.secrets.vault.address, skipChildToken: true }, { parent: this })
          : undefined,
    };
    // One component per concern, in dependency order: identities and network first (the operators below need
    // their namespaces' allow rules), then secrets and TLS, then scanning and backups, then observability and response.
    const f = config.features;
    const appNamespaces = catalogNamespaces(config);

    // The zero-trust core, derived from the catalog: identities, NetworkPolicies, and Istio mTLS with the mesh on.
    new Rbac("rbac", { ctx }, child);
    new Network("network", { ctx }, child);
    if (f.mesh) new Mesh("mesh", { ctx }, child);

    // Secrets: External Secrets with Vault and AWS Secrets Manager, Reloader, the registry pull secret, Sealed Secrets.
    const secrets = f.externalSecrets || f.sealedSecrets ? new SecretsManagement("secrets", { ctx }, child) : undefined;
    this.sealedSecretsCertificate = secrets?.sealedSecretsCertificate;

    // TLS: cert-manager, issuers, the internal CA, per-service certificates and the public ingress.
    const certificates = f.certificates && config.tls ? new Certificates("certificates", { ctx, tls: config.tls }, child) : undefined;
    this.internalCaCertificate = certificates?.caCertificatePem;
    const certificateDependsOn = certificates ? [certificates] : [];

    // Vulnerability scanning, signed-image admission and encrypted backups.
    if (f.scanning) {
      new Scanning(
        "scanning",
        {
          ctx,
          scanning: config.scanning,
          appNamespaces,
          installOperator: f.helmReleases,
          notificationWebhookUrl: config.credentials.scanNotificationWebhookUrl,
        },
        child,
      );
    }
    if (f.imageSignatures && f.helmReleases && config.scanning.signatures) {
      new ImageSignatures("image-signatures", { ctx, signatures: config.scanning.signatures }, child);
    }
    if (f.backup && config.backup) {
      new Backup(
        "backup",
        {
          ctx,
          backup: config.backup,
          namespaces: config.backup.namespaces ?? appNamespaces,
          createAwsResources: f.awsResources && !!ctx.aws,
          installVelero: f.helmReleases,
          protect: config.protect,
        },
        child,
      );
    }

    // Observability and response: logs, the audit policy, security alerts, forensics access, compliance controls.
    const logging = f.logging
      ? new Logging(
          "logging",
          { ctx, certificateDependsOn, elasticsearchClients: f.compliance ? [{ namespace: config.compliance.namespace, podLabels: { ...GDPR_POD_LABELS } }] : [] },
          child,
        )
      : undefined;
    if (f.audit) {
      const audit = new Audit("audit", { flavor: config.cluster.flavor }, child);
      this.auditPolicy = audit.policyYaml;
      this.eksControlPlaneLogTypes = audit.eksLogTypes;
    }
    if (alertingRendered(config) && config.alerting) new Alerting("alerting", { ctx, alerting: config.alerting }, child);
    if (f.incidentResponse) new IncidentResponse("incident-response", { forensicsGroup: config.incidentResponse.forensicsGroup }, child);
    if (f.compliance) new Compliance("compliance", { ctx, issueCertificates: issuesLoggingCertificate(config), certificateDependsOn, logging }, child);

    this.namespaceNames = namespaceSpecs.map((n) => n.name);
    const outputs: Record<string, pulumi.Input<unknown> | undefined> = {
      namespaces: this.namespaceNames,
      internalCaCertificate: this.internalCaCertificate,
      sealedSecretsCertificate: this.sealedSecretsCertificate,
      auditPolicy: this.auditPolicy,
      eksControlPlaneLogTypes: this.eksControlPlaneLogTypes,
    };
    this.stackOutputs = Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as Record<string, pulumi.Input<unknown>>;
    this.registerOutputs(this.stackOutputs);
  }
}

/** How the Kubernetes provider reaches the cluster: a kubeconfig path/context, another stack's output, or the ambient kubeconfig. */
function kubernetesProviderArgs(config: ProgramConfig): k8s.ProviderArgs {
  const c = config.cluster;
  if (c.stackReference) {
    const ref = new pulumi.StackReference(c.stackReference.stack);
    return { kubeconfig: ref.requireOutput(c.stackReference.kubeconfigOutput).apply((v) => String(v)) };
  }
  return {
    kubeconfig: c.kubeconfig,
    context: c.context,
    // Server-side apply gives field ownership and conflict detection with other controllers.
    enableServerSideApply: true,
  };
}
