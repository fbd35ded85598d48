import { strict as assert } from "node:assert";
import { stackConfigWith } from "../../tests/harness/config";
import { resolveAlerting } from "./settings";

const resolved = (stack: string, overrides: Record<string, unknown> = {}) => resolveAlerting(stackConfigWith(stack, overrides));
/** Without cert-manager the logging stack needs a TLS Secret of its own. */
const providedLoggingTls = { logging: { elasticsearch: { tlsSecretName: "es-tls-provided" } } };

describe("alerting settings (resolve)", () => {
  it("fills every default of the rules and the Alertmanager Secret, with the receivers' credentials", () => {
    const config = stackConfigWith("staging");
    const alerting = resolveAlerting(config)!;
    assert.equal(alerting.namespace, "monitoring");
    assert.deepEqual(alerting.ruleLabels, { release: "kube-prometheus-stack" });
    assert.equal(alerting.alertmanagerSecretName, "alertmanager-security");
    assert.equal(alerting.securityEmail, "security-staging@shop.example.com");
    assert.equal(alerting.chatChannel, "#security-alerts-staging");
    assert.deepEqual(alerting.smtp, {
      host: "smtp.staging.shop.example.com",
      port: 587,
      from: "alertmanager@staging.shop.example.com",
      username: "alertmanager",
    });
    assert.deepEqual(alerting.thresholds, {
      authFailureRatePerSecond: 5,
      certificateExpiryDays: 14,
      networkPolicyDropsMetric: 'cilium_drop_count_total{reason=~"Policy denied.*"}',
      networkPolicyDropsPerSecond: 1,
      backupMaxAgeHours: 26,
    });
    assert.deepEqual(alerting.credentials, {
      smtpPassword: config.credentials.alertmanagerSmtpPassword,
      chatWebhookUrl: config.credentials.alertmanagerChatWebhookUrl,
      pagerdutyRoutingKey: config.credentials.alertmanagerPagerdutyRoutingKey,
    });
  });

  it("carries no SMTP password for a relay without authentication", () => {
    const alerting = resolved("staging", { alerting: { smtp: { host: "relay.internal", from: "am@shop.example.com", username: undefined } } })!;
    assert.equal(alerting.smtp.username, undefined);
    assert.equal(alerting.credentials.smtpPassword, undefined);
  });

  it("is absent when features.alerting is off", () => {
    assert.equal(resolved("staging", { features: { alerting: false } }), undefined);
  });

  it("is absent without a prometheus-operator: no helm capability, or alerting.prometheusOperator false", () => {
    assert.equal(resolved("staging", { features: { helmReleases: false }, ...providedLoggingTls }), undefined);
    assert.equal(resolved("staging", { alerting: { prometheusOperator: false } }), undefined);
    // The e2e stack installs no chart but says its cluster runs the operator (it gets the CRDs), so alerting renders.
    assert.notEqual(resolved("e2e"), undefined);
    assert.notEqual(resolved("staging", { features: { helmReleases: false }, ...providedLoggingTls, alerting: { prometheusOperator: true } }), undefined);
  });
});
