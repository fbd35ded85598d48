import { strict as assert } from "node:assert";
import { chartPins } from "../../core/charts";
import { alertingRendered } from "../../core/monitoring";
import { evaluatePodSecurity, evaluatePodSpec } from "@ecommerce-security/pod-security";
import { objectNamed, objectsOfKind, realStacks, resourceOfObject, resourcesOfType, runStack, type KubernetesObject, type StackRun } from "../../tests/harness";
import { assertOperatorEgress, type NetpolSpec } from "../../tests/harness/operator-network";
import { difference, isolationPolicyIn, secureNamespaceOf, subtreeOf, componentsOfType } from "../../tests/harness/resource-tree";
import { VARIANT } from "../../tests/harness/optional-switches-variant";

// Logging needs a chart-issued certificate or a named TLS Secret; a stack without charts names one.
const WITHOUT_CHARTS_LOGGING = { logging: { elasticsearch: { tlsSecretName: "elasticsearch-tls" } } };
const RELEASE = "kubernetes:helm.sh/v3:Release";
const SCAN_NS = "trivy-system";
/** The catalog's namespaces, in catalog order: the PCI zone's too where PCI-DSS is on (production). */
const APP_NAMESPACES = (stack: string) => (stack === "production" ? ["ecommerce", "pci-zone", "ecommerce-data"] : ["e-commerce"]);
/** The optional notification webhook, set as a secret (the committed stack files set no optional credential). */
const WITH_WEBHOOK = { secrets: { scanNotificationWebhookUrl: "https://hooks.example.com/services/T000/B000/test-fixture" } };

interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
}
type CronJob = KubernetesObject & { spec: { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: PodSpec } } } } };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const podOf = (cj: CronJob) => cj.spec.jobTemplate.spec.template.spec;
const envOf = (cj: CronJob, name: string) => podOf(cj).containers[0].env?.find((e) => e.name === name);
const trivyRelease = (run: StackRun) => {
  const found = resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "trivy-operator");
  assert.equal(found.length, 1, "one trivy-operator release");
  return found[0];
};

describe("scanning: trivy-operator and the scheduled scans", () => {
  for (const stack of realStacks) {
    describe(stack, () => {
      it("installs trivy-operator pinned, into its namespace, with the configured severities, unfixed filter and scanners", async () => {
        const run = await runStack(stack);
        const release = trivyRelease(run);
        const cfg = run.config.scanning;
        assert.equal(release.inputs.version, chartPins["trivy-operator"].version);
        assert.deepEqual(release.inputs.repositoryOpts, { repo: chartPins["trivy-operator"].repository });
        assert.equal(release.inputs.namespace, SCAN_NS);
        assert.ok(release.dependsOn.includes("kubernetes:core/v1:Namespace::namespace-trivy-system"));
        const values = release.inputs.values as {
          trivy: { severity: string; ignoreUnfixed: boolean };
          operator: Record<string, unknown>;
          serviceMonitor: { enabled: boolean; labels: Record<string, string> };
        };
        assert.equal(values.trivy.severity, "CRITICAL,HIGH");
        assert.equal(values.trivy.ignoreUnfixed, true);
        assert.equal(values.operator.vulnerabilityScannerEnabled, cfg.scanners.vulnerability);
        assert.equal(values.operator.infraAssessmentScannerEnabled, false);
        assert.equal(values.operator.exposedSecretScannerEnabled, cfg.scanners.exposedSecret);
        assert.equal(values.serviceMonitor.enabled, cfg.serviceMonitor ?? alertingRendered(run.config));
        assert.equal(values.operator.metricsConfigAuditInfo, true, "the privileged-container alert reads the config-audit metric");
      });

      it("trivy-system pods reach only DNS, the internet on HTTPS and the declared API server; the scraper reaches the operator's metrics port when scraped", async () => {
        const run = await runStack(stack);
        const policy = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "scanning", SCAN_NS);
        // Every pod of the namespace but one under incident isolation.
        assert.deepEqual(policy.spec.podSelector, { matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }] });
        assert.equal(policy.spec.ingress, undefined);
        assertOperatorEgress(policy.spec, run);
        const scraped = (trivyRelease(run).inputs.values as { serviceMonitor: { enabled: boolean } }).serviceMonitor.enabled;
        const monitoring = run.config.network.monitoring;
        const metrics = objectsOfKind<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", SCAN_NS).find(
          (p) => p.metadata.name === "scanning-metrics-ingress",
        );
        // The operator's pods only (the chart's selector labels), never the scan jobs'.
        if (metrics)
          assert.deepEqual(metrics.spec.podSelector, {
            matchLabels: { "app.kubernetes.io/name": "trivy-operator", "app.kubernetes.io/instance": "trivy-operator" },
            matchExpressions: [{ key: "incident", operator: "NotIn", values: ["isolated"] }],
          });
        assert.deepEqual(
          metrics?.spec.ingress ?? [],
          scraped
            ? [
                {
                  from: [
                    {
                      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": monitoring.namespace } },
                      podSelector: { matchLabels: monitoring.podLabels },
                    },
                  ],
                  ports: [{ protocol: "TCP", port: 8080 }],
                },
              ]
            : [],
        );
      });

      it("trivy-operator's own pod and its scan-job pods are restricted as the chart renders them from our values", async () => {
        const values = trivyRelease(await runStack(stack)).inputs.values as {
          podSecurityContext: object;
          securityContext: object;
          trivyOperator: {
            scanJobPodTemplatePodSecurityContext: object;
            scanJobPodTemplateContainerSecurityContext: object;
            scanJobAutomountServiceAccountToken: boolean;
          };
        };
        const operatorPod = {
          securityContext: values.podSecurityContext,
          containers: [{ name: "trivy-operator", image: "x", securityContext: values.securityContext }],
        };
        const t = values.trivyOperator;
        const scanPod = {
          securityContext: t.scanJobPodTemplatePodSecurityContext,
          containers: [{ name: "scan", image: "x", securityContext: t.scanJobPodTemplateContainerSecurityContext }],
        };
        assert.deepEqual(evaluatePodSpec({}, operatorPod, { level: "restricted" }), []);
        assert.deepEqual(evaluatePodSpec({}, scanPod, { level: "restricted" }), []);
        assert.equal(t.scanJobAutomountServiceAccountToken, false);
      });

      it("runs the image scan and the security-update check on their schedules, restricted-compliant, with resources", async () => {
        const run = await runStack(stack);
        const scan = objectNamed<CronJob>(run, "CronJob", "image-scan", SCAN_NS);
        const update = objectNamed<CronJob>(run, "CronJob", "security-update-check", SCAN_NS);
        assert.equal(scan.spec.schedule, run.config.scanning.imageScanSchedule);
        assert.equal(scan.spec.schedule, "0 2 * * *");
        assert.equal(update.spec.schedule, "0 6 * * *");
        for (const cj of [scan, update]) {
          assert.deepEqual(evaluatePodSecurity(cj, { level: "restricted" }), [], `${cj.metadata.name} violates restricted`);
          assert.equal(cj.spec.concurrencyPolicy, "Forbid");
          const c = podOf(cj).containers[0];
          assert.equal(c.image, "aquasec/trivy:0.67.2");
          assert.equal(c.securityContext?.readOnlyRootFilesystem, true);
          assert.deepEqual(c.securityContext?.capabilities, { drop: ["ALL"] });
          assert.ok(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.cpu && c.resources.limits.memory, "requests and limits");
        }
      });

      it("each scan runs as its own service account that can only read workloads, the image scan only in the app namespaces", async () => {
        const run = await runStack(stack);
        const declared = objectsOfKind(run, "Namespace").map((n) => n.metadata.name as string);
        const readOnly = (rules: Rule[], who: string) => {
          assert.ok(rules.length > 0);
          for (const rule of rules) {
            assert.deepEqual(rule.verbs, ["get", "list"], `${who} verbs`);
            assert.ok(!rule.resources.includes("secrets") && !rule.resources.includes("*"), `${who} may read ${rule.resources}`);
          }
        };
        for (const job of ["image-scan", "security-update-check"]) {
          assert.equal(podOf(objectNamed<CronJob>(run, "CronJob", job, SCAN_NS)).serviceAccountName, job);
          objectNamed(run, "ServiceAccount", job, SCAN_NS);
        }
        // Image scan: a Role in each app namespace, nothing cluster-wide.
        const scan = objectNamed<CronJob>(run, "CronJob", "image-scan", SCAN_NS);
        assert.equal(envOf(scan, "SCAN_NAMESPACES")?.value, APP_NAMESPACES(stack).join(","));
        const roles = objectsOfKind<KubernetesObject & { rules: Rule[] }>(run, "Role").filter((r) => r.metadata.name === "image-scan-read-workloads");
        assert.deepEqual(roles.map((r) => r.metadata.namespace).sort(), [...APP_NAMESPACES(stack)].sort());
        for (const role of roles) {
          readOnly(role.rules, `image-scan in ${role.metadata.namespace}`);
          const binding = objectNamed<KubernetesObject & { subjects: unknown[]; roleRef: { name: string } }>(
            run,
            "RoleBinding",
            "image-scan-read-workloads",
            role.metadata.namespace,
          );
          assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "image-scan", namespace: SCAN_NS }]);
          assert.equal(binding.roleRef.name, role.metadata.name);
        }
        const bindings = [...objectsOfKind(run, "ClusterRoleBinding"), ...objectsOfKind(run, "RoleBinding")];
        const grantsOf = (sa: string) =>
          bindings.filter((b) =>
            (b.subjects as Array<{ name: string; namespace?: string }> | undefined)?.some((s) => s.name === sa && s.namespace === SCAN_NS),
          );
        assert.deepEqual(
          grantsOf("image-scan")
            .map((b) => `${b.kind} ${b.metadata.namespace}`)
            .sort(),
          APP_NAMESPACES(stack)
            .map((n) => `RoleBinding ${n}`)
            .sort(),
        );
        // Update check: every declared namespace, each through its own read-only Role; nothing cluster-wide.
        const update = objectNamed<CronJob>(run, "CronJob", "security-update-check", SCAN_NS);
        assert.deepEqual(envOf(update, "SCAN_NAMESPACES")?.value?.split(",").sort(), [...declared].sort());
        const updateRoles = objectsOfKind<KubernetesObject & { rules: Rule[] }>(run, "Role").filter(
          (r) => r.metadata.name === "security-update-check-read-workloads",
        );
        assert.deepEqual(updateRoles.map((r) => r.metadata.namespace).sort(), [...declared].sort());
        for (const role of updateRoles) readOnly(role.rules, `security-update-check in ${role.metadata.namespace}`);
        assert.deepEqual(
          grantsOf("security-update-check")
            .map((b) => `${b.kind} ${b.metadata.namespace}`)
            .sort(),
          [...declared].sort().map((n) => `RoleBinding ${n}`),
          "one RoleBinding per declared namespace, no ClusterRoleBinding",
        );
        assert.deepEqual(
          objectsOfKind(run, "ClusterRole").filter((r) => String(r.metadata.name).startsWith("security-update-check")),
          [],
        );
        // The image scan honours the configured unfixed filter; the update check only ever looks at fixable ones.
        assert.equal(envOf(objectNamed<CronJob>(run, "CronJob", "image-scan", SCAN_NS), "IGNORE_UNFIXED")?.value, String(run.config.scanning.ignoreUnfixed));
        assert.equal(envOf(objectNamed<CronJob>(run, "CronJob", "security-update-check", SCAN_NS), "IGNORE_UNFIXED")?.value, "true");
      });

      it("reports go to the report PVC and the webhook URL comes from a Secret whose value is a Pulumi secret", async () => {
        const run = await runStack(stack, WITH_WEBHOOK);
        const pvc = objectNamed<KubernetesObject & { spec: { resources: { requests: { storage: string } } } }>(
          run,
          "PersistentVolumeClaim",
          "scan-reports",
          SCAN_NS,
        );
        assert.equal(pvc.spec.resources.requests.storage, run.config.scanning.reportStorageSize);
        const secret = resourceOfObject(run, "Secret", "scan-notification-webhook", SCAN_NS);
        assert.ok(
          secret.secretPaths.some((p) => p === "stringData" || p === "stringData.url"),
          "the URL is a Pulumi secret",
        );
        for (const job of ["image-scan", "security-update-check"]) {
          const cj = objectNamed<CronJob>(run, "CronJob", job, SCAN_NS);
          assert.deepEqual(envOf(cj, "WEBHOOK_URL")?.valueFrom, { secretKeyRef: { name: "scan-notification-webhook", key: "url" } });
          const reports = podOf(cj).volumes.find((v) => v.name === "reports");
          assert.equal(reports?.persistentVolumeClaim?.claimName, "scan-reports");
          assert.ok(podOf(cj).containers[0].volumeMounts?.some((m) => m.name === "reports" && m.mountPath === "/reports"));
        }
      });

      it("trivy-system runs restricted while the node collector is off", async () => {
        const ns = objectNamed(await runStack(stack), "Namespace", SCAN_NS);
        assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
      });
    });
  }

  it("turning on the node collector makes trivy-system privileged, with the reason recorded", async () => {
    const run = await runStack("staging", VARIANT);
    const ns = objectNamed(run, "Namespace", SCAN_NS);
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "privileged");
    assert.match(ns.metadata.annotations?.["ecommerce.example.com/pod-security-reason"] ?? "", /node collector.*hostPath/);
    const values = trivyRelease(run).inputs.values as { operator: { infraAssessmentScannerEnabled: boolean } };
    assert.equal(values.operator.infraAssessmentScannerEnabled, true);
  });

  it("without a webhook the scans run without notification and no Secret is created", async () => {
    const run = await runStack("staging");
    assert.deepEqual(
      objectsOfKind(run, "Secret", SCAN_NS).filter((s) => s.metadata.name === "scan-notification-webhook"),
      [],
    );
    const cj = objectNamed<CronJob>(run, "CronJob", "image-scan", SCAN_NS);
    assert.equal(envOf(cj, "WEBHOOK_URL"), undefined);
  });

  it("features.scanning off removes exactly the scanning component, the trivy-system namespace and the pull secret synced there", async () => {
    const base = await runStack("staging");
    const off = await runStack("staging", { overrides: { features: { scanning: false } } });
    const owned = subtreeOf(base, [...componentsOfType(base, "ecommerce:security:Scanning"), secureNamespaceOf(base, SCAN_NS)]);
    // What the secrets concern creates only so that trivy-operator can scan private images: the registry pull
    // secret in its namespace, that namespace's store and store account, and the Vault policy and role they use.
    const forTheScanner = [
      "kubernetes:core/v1:ServiceAccount::serviceaccount-trivy-system-external-secrets-store",
      "kubernetes:external-secrets.io/v1:ExternalSecret::externalsecret-trivy-system-harbor-pull-secret",
      "kubernetes:external-secrets.io/v1:SecretStore::secretstore-trivy-system-vault",
      "vault:index/policy:Policy::secrets-vault-external-secrets-trivy-system",
      "vault:kubernetes/authBackendRole:AuthBackendRole::secrets-vault-external-secrets-trivy-system",
    ];
    const { removed, added } = difference(base, off);
    assert.ok(owned.size > 10);
    assert.deepEqual(removed, [...owned, ...forTheScanner, ...isolationPolicyIn(base, SCAN_NS)].sort());
    assert.deepEqual(added, []);
  });

  it("an explicit scanning.serviceMonitor decides the ServiceMonitor and the scraper's way in", async () => {
    const run = await runStack("staging", VARIANT);
    assert.equal((trivyRelease(run).inputs.values as { serviceMonitor: { enabled: boolean } }).serviceMonitor.enabled, true);
    const metrics = objectNamed<KubernetesObject & { spec: NetpolSpec }>(run, "NetworkPolicy", "scanning-metrics-ingress", SCAN_NS);
    assert.equal((metrics.spec.ingress ?? []).length, 1);
  });

  it("features.helmReleases off keeps the scheduled scans but drops the operator release", async () => {
    const run = await runStack("staging", { overrides: { features: { helmReleases: false }, ...WITHOUT_CHARTS_LOGGING } });
    assert.equal(resourcesOfType(run, RELEASE, (r) => r.inputs.chart === "trivy-operator").length, 0);
    objectNamed(run, "CronJob", "image-scan", SCAN_NS);
  });
});
