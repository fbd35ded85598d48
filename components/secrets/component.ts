/**
 * SecretsManagement: the secrets layer of one stack, from its resolved settings. The delivery plan derived from the
 * catalog decides which stores exist; the Vault and AWS backends create exactly the roles those stores authenticate
 * as; the operator syncs the Secrets; Sealed Secrets runs with our own key.
 * Which parts exist (Vault and AWS resources with their providers, TLS keys, Helm releases and their custom
 * resources) the resolve step decided from the stack's capabilities (components/secrets/settings.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { planSecretDelivery, scopeKey, scopesOf } from "./delivery-plan";
import { storeRoleArnOf, storeRoleNameOf } from "./iam-policies";
import type { ResolvedExternalSecrets, ResolvedSecrets } from "./settings";
import { AwsSecretsBackend } from "./aws-backend";
import { ExternalSecretsOperator } from "./external-secrets";
import { SealedSecrets } from "./sealed-secrets";
import { VaultBackend } from "./vault-backend";

/** Arguments of {@link SecretsManagement}: the resolved secrets settings and the handles it needs. */
export interface SecretsManagementArgs {
  /** Resolved settings: External Secrets and Sealed Secrets, each present or absent, every default filled. */
  settings: ResolvedSecrets;
  /** Providers (AWS, Vault) and namespaces the platform owns. */
  handles: PlatformHandles;
}

/** External Secrets with Vault and AWS Secrets Manager, and Sealed Secrets. */
export class SecretsManagement extends pulumi.ComponentResource {
  /** PEM certificate `kubeseal --cert` seals with (the newest sealing key); undefined without our sealing key. */
  readonly sealedSecretsCertificate: pulumi.Output<string> | undefined;

  constructor(name: string, { settings, handles }: SecretsManagementArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:SecretsManagement", name, {}, opts);
    if (settings.externalSecrets) this.externalSecrets(name, settings.externalSecrets, handles);
    const sealedArgs = settings.sealedSecrets && { ...settings.sealedSecrets, isolationPolicy: !handles.namespaces.has(settings.sealedSecrets.namespace) };
    const sealed = sealedArgs ? new SealedSecrets(`${name}-sealed`, sealedArgs, { parent: this }) : undefined;
    this.sealedSecretsCertificate = sealed?.certificatePem;
    this.registerOutputs({ sealedSecretsCertificate: this.sealedSecretsCertificate });
  }

  /** The backends the delivery plan reads from, then the operator that syncs it. */
  private externalSecrets(name: string, settings: ResolvedExternalSecrets, handles: PlatformHandles): void {
    const child = { parent: this };
    const plan = planSecretDelivery(settings.delivery);
    const awsScopes = scopesOf(plan, "aws");
    const roleArns = new Map<string, pulumi.Input<string>>();
    if (settings.awsBackend) {
      const backend = new AwsSecretsBackend(`${name}-aws`, { ...settings.awsBackend, scopes: awsScopes, provider: providerOf(handles.aws, "AWS") }, child);
      for (const [key, arn] of backend.storeRoleArns) roleArns.set(key, arn);
    } else if (settings.externalStoreRoles) {
      // The roles are managed outside this stack (features.awsResources off): name them where IRSA expects them.
      const { oidcProviderArn, clusterName } = settings.externalStoreRoles;
      for (const scope of awsScopes) roleArns.set(scopeKey(scope), storeRoleArnOf(oidcProviderArn, storeRoleNameOf(clusterName, scope)));
    }
    if (settings.vaultBackend) {
      new VaultBackend(`${name}-vault`, { ...settings.vaultBackend, scopes: scopesOf(plan, "vault"), provider: providerOf(handles.vault, "Vault") }, child);
    }
    if (settings.operator) {
      const namespaces = new Map([...handles.namespaces].map(([ns, secure]) => [ns, secure.namespace as pulumi.Resource]));
      new ExternalSecretsOperator(`${name}-eso`, { ...settings.operator, plan, namespaces, irsaRoleArns: roleArns }, child);
    }
  }
}

/** A provider the platform makes whenever the stack may use it and configures it, which is when the settings ask for its resources. */
function providerOf<P>(provider: P | undefined, name: string): P {
  if (!provider) throw new Error(`the platform made no ${name} provider, yet the secrets settings create ${name} resources`);
  return provider;
}
