/**
 * Alerting: the security PrometheusRule and the Alertmanager configuration Secret, in the namespace of the
 * prometheus-operator the cluster runs (owned by the monitoring stack, so no dependsOn on a namespace of ours).
 */
import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../../core/kubernetes-object";
import { alertmanagerSecret } from "./alertmanager";
import { securityPrometheusRule } from "./rules";
import type { ResolvedAlerting } from "./settings";

/** Arguments of {@link Alerting}: the resolved alerting settings (it needs no handle: its namespace is the monitoring stack's). */
export interface AlertingArgs {
  /** Resolved settings: every default already filled in by the resolve step. */
  settings: ResolvedAlerting;
}

/** Security alerts and their routing. */
export class Alerting extends pulumi.ComponentResource {
  /** Name of the Alertmanager configuration Secret (for `alertmanagerSpec.configSecret` and `secrets`). */
  readonly alertmanagerSecretName: string;

  constructor(name: string, { settings }: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Alerting", name, {}, opts);
    createObject(securityPrometheusRule({ namespace: settings.namespace, ruleLabels: settings.ruleLabels, ...settings.thresholds }), { parent: this });
    createObject(
      alertmanagerSecret({
        namespace: settings.namespace,
        secretName: settings.alertmanagerSecretName,
        securityEmail: settings.securityEmail,
        chatChannel: settings.chatChannel,
        smtp: settings.smtp,
        credentials: settings.credentials,
      }),
      { parent: this },
    );
    this.alertmanagerSecretName = settings.alertmanagerSecretName;
    this.registerOutputs({ alertmanagerSecretName: this.alertmanagerSecretName });
  }
}
