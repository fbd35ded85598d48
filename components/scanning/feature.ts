/** The scanning concern: trivy-operator and the scheduled image-scan and security-update CronJobs. */
import type { Feature } from "../../core/feature";
import { Scanning } from "./component";
import { trivyOperatorPolicyExceptions } from "./policy-exceptions";
import { scanningSchema } from "./schema";
import { resolveScanning, type ResolvedScanning, type ScanningFeatureConfig } from "./settings";

export const scanningFeature: Feature<ScanningFeatureConfig, ResolvedScanning> & { readonly sections: { scanning: typeof scanningSchema } } = {
  name: "scanning",
  switches: { scanning: { description: "trivy-operator and the scheduled scan CronJobs.", default: true } },
  sections: { scanning: scanningSchema },
  resolve: resolveScanning,
  namespaces: (settings) => [
    {
      name: settings.namespace,
      purpose: "trivy-operator and scheduled image scans",
      // The node collector reads kubelet, etcd and CNI configuration through hostPath volumes and runs in the host
      // PID namespace: both are forbidden from baseline up. Without it the operator and its scan jobs run restricted.
      podSecurityNeed:
        settings.installOperator && settings.scanners.infraAssessment
          ? {
              level: "privileged" as const,
              reason:
                "scanning.scanners.infraAssessment is on: trivy-operator's node collector mounts /var/lib/kubelet, /var/lib/etcd, /etc/kubernetes and /etc/cni through hostPath volumes and uses the host PID namespace",
            }
          : undefined,
    },
  ],
  // The scheduled scans' image; trivy-operator's images are its chart's.
  images: (settings) => [settings.scannerImage],
  policyExceptions: (settings) => (settings.installOperator ? trivyOperatorPolicyExceptions(settings.namespace) : []),
  create: (settings, handles, opts) => ({ component: new Scanning("scanning", { settings, handles }, opts) }),
};
