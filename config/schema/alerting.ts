/** `alerting`: security PrometheusRules and the Alertmanager routes. URLs and keys are secrets (see config/secret-keys.ts). */
import { z } from "zod";
import { email } from "./primitives";

export const alertingSchema = z
  .strictObject({
    /** Namespace of the Prometheus operator stack. */
    namespace: z.string().default("monitoring"),
    /** The security team's mailbox. */
    securityEmail: email,
    /** Chat channel for warnings. */
    chatChannel: z.string().default("#security-alerts"),
    /** Certificate expiry warning threshold. */
    certificateExpiryDays: z.number().int().min(1).default(14),
    /** 401/403 responses per second at the ingress that count as a burst. */
    authFailureRatePerSecond: z.number().positive().default(5),
  })
  .optional();

export type AlertingConfig = z.infer<typeof alertingSchema>;
