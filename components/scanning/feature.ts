/** The scanning concern: trivy-operator and the scheduled image-scan and security-update CronJobs. */
import type { Feature } from "../../core/feature";
import { legacyContext, type LegacyConfig as StackConfig } from "../../platform/legacy-context";
import { Scanning } from "./component";
import { scanningSchema } from "./schema";

export const scanningFeature: Feature<StackConfig, StackConfig> & { readonly sections: { scanning: typeof scanningSchema } } = {
  name: "scanning",
  switches: { scanning: { description: "trivy-operator and the scheduled scan CronJobs.", default: true } },
  sections: { scanning: scanningSchema },
  resolve: (c: StackConfig) => (c.features.scanning ? c : undefined),
  namespaces: (c) => [
    {
      name: c.scanning.namespace,
      purpose: "trivy-operator and scheduled image scans",
      // The node collector reads kubelet, etcd and CNI configuration through hostPath volumes and runs in the host
      // PID namespace: both are forbidden from baseline up. Without it the operator and its scan jobs run restricted.
      podSecurityNeed:
        c.capabilities.helm && c.scanning.scanners.infraAssessment
          ? {
              level: "privileged" as const,
              reason:
                "scanning.scanners.infraAssessment is on: trivy-operator's node collector mounts /var/lib/kubelet, /var/lib/etcd, /etc/kubernetes and /etc/cni through hostPath volumes and uses the host PID namespace",
            }
          : undefined,
    },
  ],
  create: (c, handles, opts) => ({
    component: new Scanning(
      "scanning",
      {
        ctx: legacyContext(c, handles),
        scanning: c.scanning,
        appNamespaces: [...new Set(c.catalog.map((s) => s.namespace))],
        installOperator: c.capabilities.helm,
        notificationWebhookUrl: c.credentials.scanNotificationWebhookUrl,
      },
      opts,
    ),
  }),
};
