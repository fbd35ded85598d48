/** The secrets concern: External Secrets with Vault and AWS Secrets Manager, Reloader, Sealed Secrets. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { secretBackendIssues } from "./checks";
import { SecretsManagement } from "./component";
import { secretsSchema } from "./schema";

export const secretsFeature: Feature<StackConfig, StackConfig> & { readonly sections: { secrets: typeof secretsSchema } } = {
  name: "secrets",
  switches: {
    externalSecrets: { description: "External Secrets Operator, its SecretStores and the catalog's ExternalSecrets.", default: true },
    sealedSecrets: { description: "Sealed Secrets controller with our own sealing key.", default: true },
  },
  sections: { secrets: secretsSchema },
  checks: (c: StackConfig) => [
    ...(c.features.externalSecrets ? secretBackendIssues(c as unknown as Parameters<typeof secretBackendIssues>[0]) : []),
    ...(c.cluster.flavor !== "eks" && c.capabilities.aws && c.features.externalSecrets && !!c.secrets.aws
      ? [{ key: "cluster.flavor", message: "IRSA needs an EKS cluster: set cluster.flavor to eks, or turn off features.awsResources" }]
      : []),
  ],
  resolve: (c: StackConfig) => (c.features.externalSecrets || c.features.sealedSecrets ? c : undefined),
  namespaces: (c) =>
    c.features.externalSecrets && c.capabilities.helm ? [{ name: c.secrets.operatorNamespace, purpose: "External Secrets Operator" }] : [],
  create: (config, handles, opts) => {
    const component = new SecretsManagement("secrets", { ctx: legacyContext(config, handles) }, opts);
    return { component, outputs: { sealedSecretsCertificate: component.sealedSecretsCertificate } };
  },
};
