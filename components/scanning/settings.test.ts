import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveScanning, type ResolvedScanning, type ScanningFeatureConfig } from "./settings";

/** Logging needs a chart-issued certificate or a named TLS Secret; a stack without charts names one. */
const WITHOUT_CHARTS_LOGGING = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } };

/** The resolved scanning settings of a real stack with an edit; fails when the concern is absent. */
function resolvedOf(stack: string, overrides: Record<string, unknown> = {}): ResolvedScanning {
  const settings = resolveScanning(stackConfigWith(stack, overrides));
  assert.ok(settings, `scanning absent from ${stack}`);
  return settings;
}

describe("scanning settings", () => {
  it("fills the section's defaults: trivy-system, the pinned trivy image, daily schedules, 30 days of reports", () => {
    const settings = resolvedOf("staging");
    assert.equal(settings.namespace, "trivy-system");
    assert.equal(settings.scannerImage, "aquasec/trivy:0.67.2");
    assert.deepEqual([settings.imageScanSchedule, settings.updateCheckSchedule], ["0 2 * * *", "0 6 * * *"]);
    assert.equal(settings.reportRetentionDays, 30);
    assert.equal(settings.scanners.infraAssessment, false);
  });

  it("the image scan covers the catalog's namespaces", () => {
    assert.deepEqual(resolvedOf("staging").appNamespaces, ["e-commerce"]);
    assert.deepEqual(resolvedOf("staging", { naming: { layout: "separated" } }).appNamespaces, ["ecommerce", "ecommerce-data"]);
  });

  it("trivy-operator is installed only where Helm releases are, and is scraped by default when alerting is rendered", () => {
    const staging = resolvedOf("staging");
    assert.equal(staging.installOperator, true);
    assert.deepEqual(staging.serviceMonitor, { enabled: true, labels: { release: "kube-prometheus-stack" } });
    assert.equal(resolvedOf("staging", { features: { alerting: false } }).serviceMonitor.enabled, false);
    assert.equal(resolvedOf("staging", { alerting: { prometheusOperator: false } }).serviceMonitor.enabled, false);
    const withoutCharts = resolvedOf("staging", { features: { helmReleases: false }, scanning: { serviceMonitor: true }, ...WITHOUT_CHARTS_LOGGING });
    assert.equal(withoutCharts.installOperator, false);
    assert.equal(withoutCharts.serviceMonitor.enabled, false, "no operator, no ServiceMonitor");
  });

  it("scanning.serviceMonitor overrides the alerting default, and the monitor carries alerting.ruleLabels", () => {
    assert.equal(resolvedOf("staging", { scanning: { serviceMonitor: false } }).serviceMonitor.enabled, false);
    assert.equal(resolvedOf("staging", { features: { alerting: false }, scanning: { serviceMonitor: true } }).serviceMonitor.enabled, true);
    assert.deepEqual(resolvedOf("staging", { alerting: { ruleLabels: { prometheus: "platform" } } }).serviceMonitor.labels, { prometheus: "platform" });
  });

  it("the notification webhook is the scanNotificationWebhookUrl credential, absent without it", () => {
    const url = "https://hooks.example.com/services/T000/B000/test-fixture";
    const settings = resolveScanning(stackConfigWith("e2e", {}, { scanNotificationWebhookUrl: url }));
    assert.equal(settings?.notificationWebhookUrl, url);
    assert.equal(resolvedOf("e2e").notificationWebhookUrl, undefined, "the committed stack files set no optional credential");
  });

  it("is absent when features.scanning is off", () => {
    const config = stackConfigWith("staging");
    const off: ScanningFeatureConfig = { ...config, features: { ...config.features, scanning: false } };
    assert.equal(resolveScanning(off), undefined);
  });
});
