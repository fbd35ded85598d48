import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveBackup, type BackupFeatureConfig, type ResolvedBackup } from "./settings";

/** Logging needs a chart-issued certificate or a named TLS Secret; a stack without charts names one. */
const WITHOUT_CHARTS_LOGGING = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } };

/** The resolved backup settings of a real stack with an edit; fails when the concern is absent. */
function resolvedOf(stack: string, overrides: Record<string, unknown> = {}): ResolvedBackup {
  const settings = resolveBackup(stackConfigWith(stack, overrides));
  assert.ok(settings, `backup absent from ${stack}`);
  return settings;
}

/** A validated stack configuration with some of its resolved keys replaced (what a stack file cannot express). */
function configWith(stack: string, replace: (config: BackupFeatureConfig) => Partial<BackupFeatureConfig>): BackupFeatureConfig {
  const config = stackConfigWith(stack);
  return { ...config, ...replace(config) };
}

describe("backup settings", () => {
  it("the bucket is <cluster.name>-velero-backups unless backup.bucketName names one", () => {
    const config = stackConfigWith("staging");
    assert.equal(resolvedOf("staging").bucketName, `${config.cluster.name}-velero-backups`);
    assert.equal(resolvedOf("staging", { backup: { bucketName: "shop-backups-staging" } }).bucketName, "shop-backups-staging");
  });

  it("backs up the catalog's namespaces unless backup.namespaces lists some", () => {
    assert.deepEqual(resolvedOf("staging").namespaces, ["e-commerce"]);
    const separated = { naming: { layout: "separated" } };
    assert.deepEqual(resolvedOf("staging", separated).namespaces, ["ecommerce", "ecommerce-data"]);
    assert.deepEqual(resolvedOf("staging", { ...separated, backup: { namespaces: ["ecommerce-data"] } }).namespaces, ["ecommerce-data"]);
  });

  it("fills the section's defaults: velero, 30 days, 01:00 daily, events left out, snapshots without the node agent", () => {
    const settings = resolvedOf("staging", { backup: { retentionDays: undefined, schedule: undefined } });
    assert.equal(settings.namespace, "velero");
    assert.equal(settings.retentionDays, 30);
    assert.equal(settings.schedule, "0 1 * * *");
    assert.deepEqual(settings.excludedResources, ["events", "events.events.k8s.io"]);
    assert.deepEqual([settings.volumeSnapshots, settings.fileSystemBackup], [true, false]);
  });

  it("Velero is scraped by default when alerting is rendered; backup.serviceMonitor overrides; the monitor carries alerting.ruleLabels", () => {
    assert.deepEqual(resolvedOf("staging").serviceMonitor, { enabled: true, labels: { release: "kube-prometheus-stack" } });
    assert.equal(resolvedOf("staging", { features: { alerting: false } }).serviceMonitor.enabled, false);
    assert.equal(resolvedOf("staging", { backup: { serviceMonitor: false } }).serviceMonitor.enabled, false);
    assert.equal(resolvedOf("staging", { features: { alerting: false }, backup: { serviceMonitor: true } }).serviceMonitor.enabled, true);
  });

  it("without Helm releases Velero is not installed (nor scraped); without AWS there is no bucket, key or role", () => {
    const withoutCharts = resolvedOf("staging", { features: { helmReleases: false }, backup: { serviceMonitor: true }, ...WITHOUT_CHARTS_LOGGING });
    assert.deepEqual([withoutCharts.installVelero, withoutCharts.serviceMonitor.enabled], [false, false]);
    assert.equal(resolvedOf("staging", { features: { awsResources: false } }).storage, undefined);
  });

  it("the AWS storage trusts the cluster's OIDC provider, is protected in production, and uses the platform's provider in its region", () => {
    const config = stackConfigWith("production");
    assert.deepEqual(resolvedOf("production").storage, {
      ownProvider: false,
      oidcProviderArn: config.cluster.oidcProviderArn,
      protect: true,
      keyAdministrators: [],
      objectLockMode: "COMPLIANCE",
      accessLogRetentionDays: 365,
    });
    assert.equal(resolvedOf("staging").storage?.protect, false);
  });

  it("a backup.region other than secrets.aws.region needs a provider of its own; without secrets.aws the platform's is in backup.region", () => {
    assert.equal(resolvedOf("staging", { backup: { region: "eu-central-1" } }).storage?.ownProvider, true);
    const withoutSecretsAws = configWith("staging", (c) => ({ secrets: { ...c.secrets, aws: undefined }, backup: { ...c.backup!, region: "eu-central-1" } }));
    assert.equal(resolveBackup(withoutSecretsAws)?.storage?.ownProvider, false);
  });

  it("is absent when features.backup is off, without a backup section, or when AWS resources lack the OIDC provider (refused by the checks)", () => {
    assert.equal(resolveBackup(configWith("staging", (c) => ({ features: { ...c.features, backup: false } }))), undefined);
    assert.equal(resolveBackup(configWith("staging", () => ({ backup: undefined }))), undefined);
    assert.equal(resolveBackup(configWith("staging", (c) => ({ cluster: { ...c.cluster, oidcProviderArn: undefined } }))), undefined);
  });
});
