/**
 * Alerting: the security PrometheusRule and the Alertmanager configuration Secret, in the namespace of the
 * prometheus-operator the cluster runs (owned by the monitoring stack, so no dependsOn on a namespace of ours).
 */
import * as pulumi from "@pulumi/pulumi";
import { alertmanagerSecret } from "./alertmanager";
import { securityPrometheusRule } from "./rules";
import type { AlertingConfig } from "./schema";
import { createObject } from "../../core/kubernetes-object";
import type { PlatformContext } from "../../platform/platform";

/** Arguments of {@link Alerting}. */
export interface AlertingArgs {
  /** The platform context (config, credentials). */
  ctx: PlatformContext;
  /** The `alerting` section (required when this component is created). */
  alerting: NonNullable<AlertingConfig>;
}

/** Security alerts and their routing. */
export class Alerting extends pulumi.ComponentResource {
  /** Name of the Alertmanager configuration Secret (for `alertmanagerSpec.configSecret` and `secrets`). */
  readonly alertmanagerSecretName: string;

  constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Alerting", name, {}, opts);
    const al = args.alerting;
    const creds = args.ctx.config.credentials;
    const missing = (["alertmanagerChatWebhookUrl", "alertmanagerPagerdutyRoutingKey"] as const).filter((k) => !creds[k]);
    if (missing.length) throw new Error(`${missing.join(", ")}: required (as secrets) when alerting is rendered`);
    if (!al.smtp) throw new Error("alerting.smtp: is required when alerting is rendered");
    createObject(
      securityPrometheusRule({
        namespace: al.namespace,
        ruleLabels: al.ruleLabels,
        authFailureRatePerSecond: al.authFailureRatePerSecond,
        certificateExpiryDays: al.certificateExpiryDays,
        networkPolicyDropsMetric: al.networkPolicyDropsMetric,
        networkPolicyDropsPerSecond: al.networkPolicyDropsPerSecond,
        backupMaxAgeHours: al.backupMaxAgeHours,
      }),
      { parent: this },
    );
    createObject(
      alertmanagerSecret({
        namespace: al.namespace,
        secretName: al.alertmanagerSecretName,
        securityEmail: al.securityEmail,
        chatChannel: al.chatChannel,
        smtp: al.smtp,
        credentials: {
          smtpPassword: creds.alertmanagerSmtpPassword,
          chatWebhookUrl: creds.alertmanagerChatWebhookUrl!,
          pagerdutyRoutingKey: creds.alertmanagerPagerdutyRoutingKey!,
        },
      }),
      { parent: this },
    );
    this.alertmanagerSecretName = al.alertmanagerSecretName;
    this.registerOutputs({ alertmanagerSecretName: this.alertmanagerSecretName });
  }
}
