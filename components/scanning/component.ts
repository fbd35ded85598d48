/**
 * Scanning: trivy-operator (continuous reports on every workload) and the two scheduled scans (image scan of the app
 * namespaces, daily security-update check of every declared namespace) with their identities, report volume and
 * notification webhook.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScanningConfig } from "./schema";
import { operatorNetworkPolicyManifest } from "../../core/operator-network-policy";
import { scanAccessManifests } from "./scan-access";
import { REPORT_CLAIM, WEBHOOK_SECRET, reportClaimManifest, webhookSecretManifest } from "./reports";
import { scanCronJobManifest, scanJobs, type ScanJobsInput } from "./scan-jobs";
import { alertingRendered } from "../../core/monitoring";
import { TRIVY_OPERATOR_METRICS_PORT, trivyOperatorValues } from "./trivy-operator-values";
import { hardenedRelease } from "../../core/helm-release";
import { createObject } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Scanning}. */
export interface ScanningArgs {
  /** The platform context: configuration, declared namespaces, providers. */
  ctx: PlatformContext;
  /** Config `scanning`. */
  scanning: ScanningConfig;
  /** Namespaces the image scan covers; the catalog's namespaces by default. */
  appNamespaces: string[];
  /** Install trivy-operator (config `features.helmReleases`); the scheduled scans run either way. */
  installOperator: boolean;
  /** URL the scans post their summary to (config `scanNotificationWebhookUrl`, a Pulumi secret); no notification without it. */
  notificationWebhookUrl?: pulumi.Output<string>;
}

const defaults = { releaseName: "trivy-operator" } as const;

/** trivy-operator and the scheduled scans. */
export class Scanning extends pulumi.ComponentResource {
  /** Namespace of the operator and the scans. */
  readonly namespace: string;
  /** Names of the scan CronJobs. */
  readonly cronJobNames: string[];

  constructor(name: string, args: ScanningArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Scanning", name, {}, opts);
    const { ctx, scanning } = args;
    const ns = scanning.namespace;
    const nsOf = (n: string) => {
      const res = ctx.namespaces.get(n)?.namespace;
      return res ? [res] : [];
    };
    const inside = { parent: this, dependsOn: nsOf(ns) };

    const config = ctx.config;
    // Metrics are scraped when asked, or by default when alerting (whose trivy alerts read them) is rendered.
    const scraped = args.installOperator && (scanning.serviceMonitor ?? alertingRendered(config));
    createObject(
      operatorNetworkPolicyManifest({
        namespace: ns,
        name: "scanning",
        component: "scanning",
        podCidrs: config.cluster.podCidrs,
        dns: config.network.dns,
        metrics: scraped ? { scraper: config.network.monitoring, ports: [TRIVY_OPERATOR_METRICS_PORT] } : undefined,
      }),
      inside,
    );

    if (args.installOperator) {
      const values = trivyOperatorValues({ ...scanning, serviceMonitor: { enabled: scraped, labels: config.alerting?.ruleLabels ?? {} } });
      hardenedRelease(
        `${name}-trivy-operator`,
        { chart: "trivy-operator", releaseName: defaults.releaseName, namespace: ns, values, overrides: config.charts },
        inside,
      );
    }

    createObject(reportClaimManifest(ns, scanning.reportStorageSize, scanning.reportStorageClass), inside);
    const webhookSecret = args.notificationWebhookUrl
      ? createObject(webhookSecretManifest(ns, pulumi.secret(args.notificationWebhookUrl)), inside)
      : undefined;

    const input: ScanJobsInput = {
      namespace: ns,
      image: scanning.scannerImage,
      severity: scanning.severity,
      ignoreUnfixed: scanning.ignoreUnfixed,
      exposedSecret: scanning.scanners.exposedSecret,
      imageScanSchedule: scanning.imageScanSchedule,
      updateCheckSchedule: scanning.updateCheckSchedule,
      appNamespaces: args.appNamespaces,
      declaredNamespaces: [...ctx.namespaces.keys()],
      resources: scanning.jobResources,
      reportRetentionDays: scanning.reportRetentionDays,
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
