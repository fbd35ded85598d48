/**
 * `alerting`: the security PrometheusRules and the Alertmanager configuration Secret, for a prometheus-operator
 * (kube-prometheus-stack) that the cluster already runs in `namespace`. URLs and keys are secrets
 * (`alertmanagerSmtpPassword`, `alertmanagerChatWebhookUrl`, `alertmanagerPagerdutyRoutingKey`).
 */
import { z } from "zod";
import { dnsLabel, email, hostOrAddress, portNumber } from "../../core/config/primitives";

export const alertingSchema = z
  .strictObject({
    /** Namespace of the prometheus-operator stack and its Alertmanager (owned by the monitoring stack, not by this program). */
    namespace: dnsLabel.default("monitoring"),
    /**
     * Whether the prometheus-operator runs in the cluster (its CRDs exist and `namespace` exists). When false nothing
     * of alerting is rendered. Defaults to `features.helmReleases`: a stack that installs no chart is taken to be a bare cluster.
     */
    prometheusOperator: z.boolean().optional(),
    /** Labels the Prometheus `ruleSelector` matches (kube-prometheus-stack selects `release: <release name>` by default). */
    ruleLabels: z.record(z.string(), z.string()).default({ release: "kube-prometheus-stack" }),
    /** Name of the Secret holding the Alertmanager configuration and its credentials (Alertmanager `configSecret` and `secrets`). */
    alertmanagerSecretName: dnsLabel.default("alertmanager-security"),
    /** The security team's mailbox: every alert goes there. */
    securityEmail: email,
    /** Chat channel for warnings and critical alerts (Slack-compatible incoming webhook: `alertmanagerChatWebhookUrl`). */
    chatChannel: z.string().default("#security-alerts"),
    /** The SMTP relay Alertmanager sends email through (its password: `alertmanagerSmtpPassword`). */
    smtp: z
      .strictObject({
        /** Relay host. */
        host: hostOrAddress,
        /** Relay port (587: submission with STARTTLS). */
        port: portNumber.default(587),
        /** Sender address. */
        from: email,
        /** SMTP user; the password is the `alertmanagerSmtpPassword` secret. Omit for a relay without authentication. */
        username: z.string().min(1).optional(),
      })
      .optional(),
    /** Certificate expiry warning threshold in days (critical at a quarter of it). */
    certificateExpiryDays: z.number().int().min(1).default(14),
    /** 401/403 responses per second at the ingress that count as a burst. */
    authFailureRatePerSecond: z.number().positive().default(5),
    /**
     * PromQL selector of the CNI's counter of packets dropped by NetworkPolicy. The default is Cilium's agent metric;
     * for Calico use e.g. `calico_denied_packets`.
     */
    networkPolicyDropsMetric: z.string().min(1).default('cilium_drop_count_total{reason=~"Policy denied.*"}'),
    /** Dropped packets per second (cluster-wide) that raise the network-policy alert. */
    networkPolicyDropsPerSecond: z.number().positive().default(1),
    /** Hours without a successful Velero backup before the missing-backup alert fires. */
    backupMaxAgeHours: z.number().int().min(1).default(26),
  })
  .optional();

export type AlertingConfig = z.infer<typeof alertingSchema>;
