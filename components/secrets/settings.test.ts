// The secrets resolve step: every default of the section filled once, each part present only with its switch and
// the capabilities it needs, and the IRSA roles named where this stack does not create them.
import { strict as assert } from "node:assert";
import { HARBOR_CREDENTIAL_KEYS } from "../../core/hosted-registry";
import { stackConfigWith } from "../../tests/harness/config";
import { secretsFeature } from "./feature";
import { resolveSecrets } from "./settings";

describe("secrets settings", () => {
  it("staging: both backends, the operator and Sealed Secrets, with the schema's defaults filled", () => {
    const config = stackConfigWith("staging");
    const settings = resolveSecrets(config)!;
    const external = settings.externalSecrets!;
    // trivy-operator runs in staging: the registry pull secret also goes into its namespace.
    assert.deepEqual(external.delivery, {
      environment: "staging",
      catalog: config.catalog,
      secrets: config.secrets,
      imageScannerNamespace: "trivy-system",
      // Staging hosts Harbor: its credentials are synced into its namespace.
      hostedRegistry: { name: "harbor-credentials", namespace: "harbor", properties: [...HARBOR_CREDENTIAL_KEYS].sort() },
    });
    assert.deepEqual(
      { ...external.awsBackend, jwtSigningKey: undefined },
      {
        environment: "staging",
        clusterName: "ecommerce-staging",
        oidcProviderArn: config.cluster.oidcProviderArn,
        region: "eu-west-1",
        storeServiceAccount: "external-secrets-store",
        jwtSigningKeySecretName: "jwt-signing-key",
        // The architecture document's jwt-secret with key JWT_SECRET (staging keeps its names).
        jwtPublicKeySecretName: "jwt-secret",
        jwtPublicKeyProperty: "JWT_SECRET",
        jwtSigningKey: undefined,
        jwtAlgorithm: "ES256",
        keyAdministrators: [],
        kmsDeletionWindowDays: 30,
        kmsRotationPeriodDays: 365,
        recoveryWindowDays: 30,
        protect: false,
      },
    );
    assert.equal(external.externalStoreRoles, undefined);
    assert.deepEqual(external.vaultBackend, {
      environment: "staging",
      kvMount: "secret",
      authMount: "kubernetes-staging",
      rolePrefix: "external-secrets",
      audience: "vault",
      kubernetesHost: config.secrets.vault!.kubernetesHost,
      kubernetesCaCert: undefined,
      tokenTtlSeconds: 600,
      storeServiceAccount: "external-secrets-store",
      protect: false,
      mysql: undefined,
    });
    assert.deepEqual(external.operator?.appNamespaces, ["e-commerce"]);
    assert.deepEqual(external.operator?.podCidrs, ["10.100.0.0/16"]);
    assert.deepEqual(external.operator?.network, { dns: config.network.dns, monitoring: config.network.monitoring });
    assert.deepEqual(settings.sealedSecrets, {
      namespace: "kube-system",
      keyGenerations: ["2026-05"],
      rsaBits: 4096,
      certificateValidityHours: 24 * 3650,
      keyRenewPeriod: "720h",
      serviceMonitor: false,
      resources: { requestsCpu: "50m", requestsMemory: "64Mi", limitsCpu: "500m", limitsMemory: "256Mi" },
      createKeys: true,
      installController: true,
      charts: config.charts,
      registryMirror: undefined,
      network: {
        podCidrs: ["10.100.0.0/16"],
        // The controller talks to the API server only; the staging API server is in the node ranges, on 443.
        destinations: {
          nonInternetCidrs: [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10",
            "169.254.0.0/16",
            "127.0.0.0/8",
            "10.100.0.0/16",
            "172.20.0.0/16",
            "10.10.0.0/16",
          ],
          clusterCidrs: ["10.100.0.0/16", "172.20.0.0/16"],
          apiServer: { cidrs: ["10.10.0.0/16"], ports: [443] },
          vpcEndpoints: undefined,
        },
        dns: config.network.dns,
        monitoring: config.network.monitoring,
      },
    });
  });

  it("production protects the KMS key, the JWT secret and the KV mount", () => {
    const external = resolveSecrets(stackConfigWith("production"))!.externalSecrets!;
    assert.equal(external.awsBackend?.protect, true);
    assert.equal(external.vaultBackend?.protect, true);
  });

  it("absent when External Secrets and Sealed Secrets are both off; each part absent with its own switch off", () => {
    assert.equal(resolveSecrets(stackConfigWith("staging", { features: { externalSecrets: false, sealedSecrets: false } })), undefined);
    assert.equal(resolveSecrets(stackConfigWith("staging", { features: { externalSecrets: false } }))!.externalSecrets, undefined);
    assert.equal(resolveSecrets(stackConfigWith("staging", { features: { sealedSecrets: false } }))!.sealedSecrets, undefined);
  });

  it("without the AWS capability the IRSA roles are only named, from the cluster's OIDC provider", () => {
    const config = stackConfigWith("staging", { features: { awsResources: false } });
    const external = resolveSecrets(config)!.externalSecrets!;
    assert.equal(external.awsBackend, undefined);
    assert.deepEqual(external.externalStoreRoles, { oidcProviderArn: config.cluster.oidcProviderArn, clusterName: "ecommerce-staging" });
  });

  it("without the Vault capability there is no Vault backend; the stores stay", () => {
    const external = resolveSecrets(stackConfigWith("staging", { features: { vaultResources: false } }))!.externalSecrets!;
    assert.equal(external.vaultBackend, undefined);
    assert.ok(external.operator);
  });

  it("e2e (Reloader and Sealed Secrets installed, External Secrets not; no AWS or Vault; TLS on): no backend; the operator namespace holds Reloader alone; Sealed Secrets creates its keys and installs its controller", () => {
    const config = stackConfigWith("e2e");
    const settings = resolveSecrets(config)!;
    assert.equal(settings.externalSecrets?.awsBackend, undefined);
    assert.equal(settings.externalSecrets?.vaultBackend, undefined);
    const operator = settings.externalSecrets?.operator;
    assert.deepEqual([operator?.installOperator, operator?.installReloader], [false, true]);
    assert.deepEqual(secretsFeature.namespaces!(settings), [{ name: "external-secrets", purpose: "Reloader" }]);
    assert.deepEqual([settings.sealedSecrets?.createKeys, settings.sealedSecrets?.installController], [true, true]);
  });

  it("the operator namespace is declared with the operator", () => {
    const settings = resolveSecrets(stackConfigWith("staging", { secrets: { operatorNamespace: "eso" } }))!;
    assert.deepEqual(secretsFeature.namespaces!(settings), [{ name: "eso", purpose: "External Secrets Operator" }]);
  });
});
