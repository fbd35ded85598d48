import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { alertmanagerConfig, CONFIG_KEY, CREDENTIAL_KEYS, RECEIVERS } from "./alertmanager";
import { SEVERITIES, type AlertRule } from "./rules";
import { realStacks, resourceOfObject, runStack, type StackRun } from "../../tests/harness";
import { objectsOf, one, plainInputs, resourcesOf } from "../../tests/harness/observability";

// The Prometheus project's own PromQL grammar; ESM-only typings, so loaded dynamically (in before()).
let parser: { parse(input: string): { iterate(spec: { enter(n: { type: { isError: boolean }; from: number; to: number }): void }): void } };

/** Syntax errors of a PromQL expression, as the Prometheus project's own grammar sees them. */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`at ${n.from}: ${JSON.stringify(expr.slice(Math.max(0, n.from - 10), n.to + 10))}`);
    },
  });
  return errors;
}

function rulesOf(run: StackRun): AlertRule[] {
  const rule = one<{ spec: { groups: Array<{ rules: AlertRule[] }> } }>(objectsOf(run, "Alerting"), "PrometheusRule", "security-alerts");
  return rule.spec.groups.flatMap((g) => g.rules);
}

/**
 * The alerts the platform promises (ingress 401/403 bursts, privileged containers, PSA violations, NetworkPolicy
 * drops, isolated pods, certificate expiry, failed backups, new CRITICAL vulnerabilities), with the metric each reads.
 */
const REQUIRED: Record<string, RegExp> = {
  IngressAuthFailureBurst: /nginx_ingress_controller_requests\{status=~"401\|403"\}/,
  PrivilegedContainerRunning: /trivy_configaudits_info\{config_audit_id="KSV017"/,
  PodSecurityAdmissionDenied: /pod_security_evaluations_total\{decision="deny", mode="enforce"\}/,
  NetworkPolicyDropsHigh: /cilium_drop_count_total\{reason=~"Policy denied\.\*"\}/,
  IncidentIsolatedPod: /kube_pod_labels\{label_incident="isolated"\}/,
  CertificateExpiringSoon: /certmanager_certificate_expiration_timestamp_seconds - time\(\)\) < 14 \* 86400/,
  BackupFailed: /increase\(velero_backup_failure_total\[1h\]\)/,
  BackupMissing: /velero_backup_last_successful_timestamp/,
  NewCriticalVulnerability: /trivy_image_vulnerabilities\{severity="Critical"\}.* offset 1h/,
};

describe("security alerts (PrometheusRule)", () => {
  before(async () => {
    parser = (await import("@prometheus-io/lezer-promql")).parser;
  });

  for (const stack of realStacks) {
    describe(stack, () => {
      it("has every promised alert reading the right metric, each expression valid PromQL", async () => {
        const rules = rulesOf(await runStack(stack));
        for (const [alert, metric] of Object.entries(REQUIRED)) {
          const rule = rules.find((r) => r.alert === alert);
          assert.ok(rule, `${alert} is missing`);
          assert.match(rule.expr, metric, alert);
        }
        for (const r of rules) assert.deepEqual(promqlErrors(r.expr), [], `${r.alert}: ${r.expr}`);
      });

      it("every alert has a severity label the routes know, team=security, a summary, a description and a runbook section", async () => {
        for (const r of rulesOf(await runStack(stack))) {
          assert.ok((SEVERITIES as readonly string[]).includes(r.labels.severity), `${r.alert}: severity ${r.labels.severity}`);
          assert.equal(r.labels.team, "security");
          assert.ok(r.annotations.summary && r.annotations.description, r.alert);
          assert.match(r.annotations.runbook, /^docs\/runbook-incident-response\.md#(detection|containment|recovery)$/);
        }
      });

      it("an isolated pod and a privileged container page (critical); an auth-failure burst warns", async () => {
        const rules = rulesOf(await runStack(stack));
        const sev = (a: string) => rules.find((r) => r.alert === a)?.labels.severity;
        assert.equal(sev("IncidentIsolatedPod"), "critical");
        assert.equal(sev("PrivilegedContainerRunning"), "critical");
        assert.equal(sev("BackupMissing"), "critical");
        assert.equal(sev("IngressAuthFailureBurst"), "warning");
      });

      it("the PrometheusRule lives in the operator's namespace with the labels its ruleSelector matches", async () => {
        const run = await runStack(stack);
        const rule = one(objectsOf(run, "Alerting"), "PrometheusRule", "security-alerts");
        assert.equal(rule.metadata.namespace, "monitoring");
        assert.equal(rule.metadata.labels?.release, "kube-prometheus-stack");
      });
    });
  }

  it("thresholds come from config", async () => {
    const run = await runStack("staging", { overrides: { alerting: { authFailureRatePerSecond: 12, certificateExpiryDays: 20, backupMaxAgeHours: 30 } } });
    const rules = rulesOf(run);
    assert.match(rules.find((r) => r.alert === "IngressAuthFailureBurst")!.expr, /> 12$/);
    assert.match(rules.find((r) => r.alert === "CertificateExpiringSoon")!.expr, /< 20 \* 86400$/);
    assert.match(rules.find((r) => r.alert === "CertificateExpiryImminent")!.expr, /< 5 \* 86400$/);
    assert.match(rules.find((r) => r.alert === "BackupMissing")!.expr, /> 30 \* 3600$/);
  });

  it("the PromQL check itself rejects a broken expression", () => {
    assert.notDeepEqual(promqlErrors('sum(rate(nginx_ingress_controller_requests{status=~"401|403"}[5m]) >'), []);
  });
});

describe("Alertmanager configuration secret", () => {
  for (const stack of realStacks) {
    it(`${stack}: routes critical to the pager, chat and email, warning to chat and email, info to email`, async () => {
      const run = await runStack(stack);
      const secret = plainInputs(resourceOfObject(run, "Secret", "alertmanager-security", "monitoring")) as { stringData: Record<string, string> };
      const cfg = parse(secret.stringData[CONFIG_KEY]);
      const routed = (severity: string) => {
        // Alertmanager semantics: children in order; stop at the first match unless it says continue.
        const hits: string[] = [];
        for (const r of cfg.route.routes as Array<{ receiver: string; matchers: string[]; continue?: boolean }>) {
          const m = r.matchers.map((x) => /^(\w+)(=~|=)"(.*)"$/.exec(x)!);
          const labels: Record<string, string> = { severity, alertname: "IncidentIsolatedPod" };
          if (m.every(([, k, op, v]) => (op === "=" ? labels[k] === v : new RegExp(`^(?:${v})$`).test(labels[k] ?? "")))) {
            hits.push(r.receiver);
            if (!r.continue) break;
          }
        }
        return hits.length ? hits : [cfg.route.receiver];
      };
      assert.deepEqual(routed("critical"), [RECEIVERS.pager, RECEIVERS.chat, RECEIVERS.email]);
      assert.deepEqual(routed("warning"), [RECEIVERS.chat, RECEIVERS.email]);
      assert.deepEqual(routed("info"), [RECEIVERS.email]);
      const receivers = Object.fromEntries((cfg.receivers as Array<{ name: string }>).map((r) => [r.name, r]));
      assert.equal((receivers[RECEIVERS.email] as unknown as { email_configs: Array<{ to: string }> }).email_configs[0].to, run.config.alerting!.securityEmail);
      assert.equal(
        (receivers[RECEIVERS.chat] as unknown as { slack_configs: Array<{ channel: string }> }).slack_configs[0].channel,
        run.config.alerting!.chatChannel,
      );
    });

    it(`${stack}: the configuration holds no credential, only file paths; every URL and key is its own secret key`, async () => {
      const run = await runStack(stack);
      const res = resourceOfObject(run, "Secret", "alertmanager-security", "monitoring");
      const stringData = (plainInputs(res) as { stringData: Record<string, string> }).stringData;
      const text = stringData[CONFIG_KEY];
      for (const key of ["alertmanagerSmtpPassword", "alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"] as const) {
        const value = run.config.credentials[key]!;
        assert.ok(!text.includes(value), `${key} appears in ${CONFIG_KEY}`);
      }
      const cfg = parse(text);
      assert.equal(cfg.global.smtp_auth_password_file, `/etc/alertmanager/secrets/alertmanager-security/${CREDENTIAL_KEYS.smtpPassword}`);
      assert.ok(!("smtp_auth_password" in cfg.global) && !("slack_api_url" in cfg.global));
      const chat = cfg.receivers.find((r: { name: string }) => r.name === RECEIVERS.chat).slack_configs[0];
      const pager = cfg.receivers.find((r: { name: string }) => r.name === RECEIVERS.pager).pagerduty_configs[0];
      assert.ok(chat.api_url_file && !chat.api_url);
      assert.ok(pager.routing_key_file && !pager.routing_key);
      // The provider marks a Secret's whole stringData secret; the credentials are its keys, nowhere else.
      assert.deepEqual(res.secretPaths, ["stringData"]);
      assert.deepEqual(Object.keys(stringData).sort(), [CONFIG_KEY, ...Object.values(CREDENTIAL_KEYS)].sort());
      assert.equal(stringData[CREDENTIAL_KEYS.chatWebhookUrl], run.config.credentials.alertmanagerChatWebhookUrl);
      assert.equal(stringData[CREDENTIAL_KEYS.pagerdutyRoutingKey], run.config.credentials.alertmanagerPagerdutyRoutingKey);
      assert.equal(stringData[CREDENTIAL_KEYS.smtpPassword], run.config.credentials.alertmanagerSmtpPassword);
    });
  }

  it("a relay without authentication gets no password file and no password key", () => {
    const cfg = alertmanagerConfig({ secretName: "am", securityEmail: "s@x.io", chatChannel: "#c", smtp: { host: "relay", port: 25, from: "a@x.io" } });
    assert.ok(!("smtp_auth_password_file" in cfg.global) && !("smtp_auth_username" in cfg.global));
  });
});

describe("alerting toggles", () => {
  it("features.alerting off removes exactly the alerting objects, and the scraper's way to the metrics only its alerts read", async () => {
    const on = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { alerting: false } } });
    assert.ok(resourcesOf(on, "Alerting").length > 0);
    assert.equal(resourcesOf(off, "Alerting").length, 0);
    const names = (run: StackRun) =>
      run.resources
        .filter((r) => r.parent?.type !== "ecommerce:security:Alerting" && r.type !== "ecommerce:security:Alerting")
        .map((r) => `${r.type}::${r.name}`)
        .sort();
    // trivy-operator and Velero are scraped by default only for the alerts: without them, no ServiceMonitor and no
    // NetworkPolicy letting the scraper in.
    const scrapedForAlerts = [
      "kubernetes:networking.k8s.io/v1:NetworkPolicy::networkpolicy-trivy-system-scanning-metrics-ingress",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy::networkpolicy-velero-velero-metrics-ingress",
    ];
    assert.deepEqual(
      names(off),
      names(on).filter((n) => !scrapedForAlerts.includes(n)),
    );
    assert.ok(scrapedForAlerts.every((n) => names(on).includes(n)));
  });

  it("without the prometheus-operator (helmReleases off, or alerting.prometheusOperator false) nothing of alerting is rendered", async () => {
    // Without cert-manager the logging stack needs a TLS Secret of its own.
    const tls = { elasticsearch: { tlsSecretName: "elasticsearch-tls-provided" } };
    const bare = await runStack("staging", { overrides: { features: { helmReleases: false }, logging: tls } });
    assert.equal(resourcesOf(bare, "Alerting").length, 0);
    assert.equal(bare.resources.filter((r) => (r.inputs as { kind?: string }).kind === "PrometheusRule").length, 0);
    const none = await runStack("staging", { overrides: { alerting: { prometheusOperator: false } } });
    assert.equal(resourcesOf(none, "Alerting").length, 0);
    const forced = await runStack("staging", { overrides: { features: { helmReleases: false }, logging: tls, alerting: { prometheusOperator: true } } });
    assert.equal(objectsOf(forced, "Alerting").filter((o) => o.kind === "PrometheusRule").length, 1);
  });
});
