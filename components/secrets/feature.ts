/** The secrets concern: External Secrets with Vault and AWS Secrets Manager, Reloader, Sealed Secrets. */
import type { Feature } from "../../core/feature";
import { secretsIssues } from "./checks";
import { SecretsManagement } from "./component";
import { externalSecretsPolicyExceptions, reloaderPolicyExceptions, sealedSecretsPolicyExceptions } from "./policy-exceptions";
import { secretsSchema } from "./schema";
import { resolveSecrets, type ResolvedSecrets, type SecretsFeatureConfig } from "./settings";

export const secretsFeature: Feature<SecretsFeatureConfig, ResolvedSecrets> & { readonly sections: { secrets: typeof secretsSchema } } = {
  name: "secrets",
  switches: {
    externalSecrets: { description: "External Secrets Operator, its SecretStores and the catalog's ExternalSecrets.", default: true },
    sealedSecrets: { description: "Sealed Secrets controller with our own sealing key.", default: true },
  },
  sections: { secrets: secretsSchema },
  checks: secretsIssues,
  resolve: resolveSecrets,
  namespaces: ({ externalSecrets }) =>
    externalSecrets?.operator
      ? [
          {
            name: externalSecrets.operator.settings.operatorNamespace,
            purpose: externalSecrets.operator.installOperator ? "External Secrets Operator" : "Reloader",
          },
        ]
      : [],
  policyExceptions: ({ externalSecrets, sealedSecrets }) => {
    const operator = externalSecrets?.operator;
    return [
      ...(operator?.installOperator ? externalSecretsPolicyExceptions(operator.settings.operatorNamespace) : []),
      ...(operator?.installReloader ? reloaderPolicyExceptions(operator.settings.operatorNamespace, operator.appNamespaces) : []),
      ...(sealedSecrets?.installController ? sealedSecretsPolicyExceptions(sealedSecrets.namespace) : []),
    ];
  },
  create: (settings, handles, opts) => {
    const component = new SecretsManagement("secrets", { settings, handles }, opts);
    return { component, outputs: { sealedSecretsCertificate: component.sealedSecretsCertificate } };
  },
};
