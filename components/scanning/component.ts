/**
 * Scanning: trivy-operator (continuous reports on every workload) and the two scheduled scans (image scan of the app
 * namespaces, daily security-update check of every declared namespace) with their identities, report volume and
 * notification webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformHandles } from "../../core/handles";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import { operatorNetworkPolicyManifests } from "../../core/operator-network-policy";
import { TRIVY_OPERATOR_RELEASE } from "./names";
import { REPORT_CLAIM, WEBHOOK_SECRET, reportClaimManifest, webhookSecretManifest } from "./reports";
import { scanAccessManifests } from "./scan-access";
import { scanCronJobManifest, scanJobs, type ScanJobsInput } from "./scan-jobs";
import type { ResolvedScanning } from "./settings";
import { TRIVY_OPERATOR_METRICS_PORT, TRIVY_OPERATOR_POD_LABELS, trivyOperatorValues } from "./trivy-operator-values";

/** Arguments of {@link Scanning}: the resolved scanning settings and the handles it needs. */
export interface ScanningArgs {
  /** Resolved settings: every default already filled in by the resolve step (./settings). */
  settings: ResolvedScanning;
  /** Providers and namespaces the platform owns (the update check scans every declared namespace). */
  handles: PlatformHandles;
}

/** trivy-operator and the scheduled scans. */
export class Scanning extends pulumi.ComponentResource {
  /** Namespace of the operator and the scans. */
  readonly namespace: string;
  /** Names of the scan CronJobs. */
  readonly cronJobNames: string[];

  constructor(name: string, { settings, handles }: ScanningArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Scanning", name, {}, opts);
    const ns = settings.namespace;
    const nsOf = (n: string) => {
      const res = handles.namespaces.get(n)?.namespace;
      return res ? [res] : [];
    };
    const inside = { parent: this, dependsOn: nsOf(ns) };

    for (const policy of operatorNetworkPolicyManifests({
      namespace: ns,
      name: "scanning",
      component: "scanning",
      podCidrs: settings.podCidrs,
      destinations: settings.destinations,
      dns: settings.network.dns,
      // The operator's pods only: the scan jobs it starts in this namespace expose nothing.
      metrics: settings.serviceMonitor.enabled
        ? { scraper: settings.network.monitoring, pods: TRIVY_OPERATOR_POD_LABELS, ports: [TRIVY_OPERATOR_METRICS_PORT] }
        : undefined,
    })) {
      createObject(policy, inside);
    }

    if (settings.installOperator) {
      hardenedRelease(
        `${name}-trivy-operator`,
        {
          chart: "trivy-operator",
          releaseName: TRIVY_OPERATOR_RELEASE,
          namespace: ns,
          values: trivyOperatorValues(settings),
          overrides: settings.chartOverrides,
        },
        inside,
      );
    }

    createObject(reportClaimManifest(ns, settings.reportStorageSize, settings.reportStorageClass), inside);
    const webhookSecret = settings.notificationWebhookUrl
      ? createObject(webhookSecretManifest(ns, pulumi.secret(settings.notificationWebhookUrl)), inside)
      : undefined;

    const input: ScanJobsInput = {
      namespace: ns,
      image: settings.scannerImage,
      severity: settings.severity,
      ignoreUnfixed: settings.ignoreUnfixed,
      exposedSecret: settings.scanners.exposedSecret,
      imageScanSchedule: settings.imageScanSchedule,
      updateCheckSchedule: settings.updateCheckSchedule,
      appNamespaces: settings.appNamespaces,
      declaredNamespaces: [...handles.namespaces.keys()],
      resources: settings.jobResources,
      reportRetentionDays: settings.reportRetentionDays,
      reportClaimName: REPORT_CLAIM,
      webhookSecretName: webhookSecret ? WEBHOOK_SECRET : undefined,
    };
    const jobs = scanJobs(input);
    for (const job of jobs) {
      const access = scanAccessManifests(job, ns).map((m) =>
        createObject(m, { parent: this, dependsOn: "namespace" in m.metadata ? nsOf(m.metadata.namespace) : [] }),
      );
      createObject(scanCronJobManifest(job, input), { parent: this, dependsOn: [...nsOf(ns), ...access, ...(webhookSecret ? [webhookSecret] : [])] });
    }

    this.namespace = ns;
    this.cronJobNames = jobs.map((j) => j.name);
    this.registerOutputs({ namespace: this.namespace, cronJobNames: this.cronJobNames });
  }
}
