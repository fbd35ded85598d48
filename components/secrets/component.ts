/**
 * SecretsManagement: the secrets layer of one stack, composed from the configuration. The delivery plan derived
 * from the catalog decides which stores exist; the Vault and AWS backends create exactly the roles those stores
 * authenticate as; the operator syncs the Secrets; Sealed Secrets runs with our own key.
 * Vault resources only with the Vault provider, AWS resources only with the AWS provider, TLS resources only with
 * features.tlsResources, Helm releases and their custom resources only with features.helmReleases.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogNamespaces } from "../../core/catalog";
import { planSecretDelivery, scopeKey, scopesOf } from "./delivery-plan";
import { storeRoleArnOf, storeRoleNameOf } from "./iam-policies";
import type { PlatformContext } from "../../platform/platform";
import { AwsSecretsBackend } from "./aws-backend";
import { ExternalSecretsOperator } from "./external-secrets";
import { SealedSecrets } from "./sealed-secrets";
import { VaultBackend } from "./vault-backend";

/** Arguments of {@link SecretsManagement}. */
export interface SecretsManagementArgs {
  /** The platform context: configuration, providers, namespaces. */
  ctx: PlatformContext;
}

/** External Secrets with Vault and AWS Secrets Manager, and Sealed Secrets. */
export class SecretsManagement extends pulumi.ComponentResource {
  /** PEM certificate `kubeseal --cert` seals with (the newest sealing key); undefined without our sealing key. */
  readonly sealedSecretsCertificate: pulumi.Output<string> | undefined;

  constructor(name: string, args: SecretsManagementArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:SecretsManagement", name, {}, opts);
    const { ctx } = args;
    const c = ctx.config;
    const s = c.secrets;
    const child = { parent: this };
    const namespaceResources = new Map([...ctx.namespaces].map(([ns, secure]) => [ns, secure.namespace as pulumi.Resource]));

    if (c.features.externalSecrets) {
      const plan = planSecretDelivery({ ...c, secrets: s });
      const roleArns = new Map<string, pulumi.Input<string>>();
      const awsScopes = scopesOf(plan, "aws");
      if (s.aws && ctx.aws) {
        if (!c.cluster.oidcProviderArn) throw new Error("cluster.oidcProviderArn: is required for the IRSA roles of the AWS stores");
        const backend = new AwsSecretsBackend(
          `${name}-aws`,
          {
            environment: c.environment,
            clusterName: c.cluster.name,
            oidcProviderArn: c.cluster.oidcProviderArn,
            region: s.aws.region,
            scopes: awsScopes,
            storeServiceAccount: s.storeServiceAccount,
            jwtSecretName: s.aws.jwtSecretName,
            jwtSigningKey: c.credentials.jwtSigningKey,
            jwtSigningKeyLength: s.aws.jwtSigningKeyLength,
            kmsDeletionWindowDays: s.aws.kmsDeletionWindowDays,
            kmsRotationPeriodDays: s.aws.kmsRotationPeriodDays,
            recoveryWindowDays: s.aws.recoveryWindowDays,
            protect: c.protect,
            provider: ctx.aws,
          },
          child,
        );
        for (const [key, arn] of backend.storeRoleArns) roleArns.set(key, arn);
      } else if (c.cluster.oidcProviderArn) {
        // The roles are managed outside this stack (features.awsResources off): name them where IRSA expects them.
        for (const scope of awsScopes) roleArns.set(scopeKey(scope), storeRoleArnOf(c.cluster.oidcProviderArn, storeRoleNameOf(c.cluster.name, scope)));
      }

      if (s.vault && ctx.vault) {
        new VaultBackend(
          `${name}-vault`,
          {
            environment: c.environment,
            kvMount: s.vault.kvMount,
            authMount: s.vault.authMount,
            rolePrefix: s.vault.role,
            audience: s.vault.audience,
            kubernetesHost: s.vault.kubernetesHost,
            kubernetesCaCert: s.vault.kubernetesCaCert,
            tokenTtlSeconds: s.vault.tokenTtlSeconds,
            scopes: scopesOf(plan, "vault"),
            storeServiceAccount: s.storeServiceAccount,
            protect: c.protect,
            provider: ctx.vault,
          },
          child,
        );
      }

      // Stores and ExternalSecrets are custom resources of the operator's CRDs: without the release there are none.
      if (c.features.helmReleases) {
        new ExternalSecretsOperator(
          `${name}-eso`,
          {
            plan,
            settings: s,
            appNamespaces: catalogNamespaces(c),
            namespaces: namespaceResources,
            irsaRoleArns: roleArns,
            charts: c.charts,
            podCidrs: c.cluster.podCidrs,
            network: c.network,
          },
          child,
        );
      }
    }

    let certificate: pulumi.Output<string> | undefined;
    if (c.features.sealedSecrets) {
      const sealed = new SealedSecrets(
        `${name}-sealed`,
        {
          namespace: s.sealedSecrets.namespace,
          keyGenerations: s.sealedSecrets.keyGenerations,
          rsaBits: s.sealedSecrets.rsaBits,
          certificateValidityHours: s.sealedSecrets.certificateValidityHours,
          keyRenewPeriod: s.sealedSecrets.keyRenewPeriod,
          serviceMonitor: s.sealedSecrets.serviceMonitor,
          resources: s.sealedSecrets.resources,
          createKeys: c.features.tlsResources,
          installController: c.features.helmReleases,
          charts: c.charts,
        },
        child,
      );
      certificate = sealed.certificatePem;
    }

    this.sealedSecretsCertificate = certificate;
    this.registerOutputs({ sealedSecretsCertificate: this.sealedSecretsCertificate });
  }
}
