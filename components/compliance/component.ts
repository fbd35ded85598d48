/**
 * Compliance: the compliance profile ConfigMap, the GDPR retention CronJob over the log store (with its
 * credentials, CA and NetworkPolicy), and, when PCI-DSS is on, the payment-only role in the PCI zone namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { curlUserConfig } from "../../core/curl-config";
import { derivePassword } from "../../core/derived-passwords";
import type { PlatformHandles } from "../../core/handles";
import { CERTIFICATES_DEPENDENCY } from "../../core/internal-ca";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import { LOGGING_DEPENDENCY } from "../../core/log-store";
import { gdprClientCertificate, gdprRetentionManifests } from "./gdpr-retention";
import { gdprRetentionNetworkPolicy } from "./network-policies";
import { pciZoneManifests } from "./pci-zone";
import { complianceProfile } from "./profile";
import type { ResolvedCompliance } from "./settings";

/** Arguments of {@link Compliance}: the resolved compliance settings and the handles it needs. */
export interface ComplianceArgs {
  /** Resolved settings: every default already filled in by the resolve step. */
  settings: ResolvedCompliance;
  /**
   * Its namespaces, and what the GDPR job waits for: the logging stack it purges (the `logging` dependencies) and,
   * for its client Certificate, cert-manager and the internal CA (the `certificates` dependencies).
   */
  handles: PlatformHandles;
}

/** The compliance profile and the controls it promises. */
export class Compliance extends pulumi.ComponentResource {
  /** Namespace of the profile and the GDPR job. */
  readonly namespace: string;

  constructor(name: string, { settings, handles }: ComplianceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Compliance", name, {}, opts);
    const inNamespace = (ns: string, m: Manifest, extra: pulumi.Resource[] = []) => {
      const namespace = handles.namespaces.get(ns)?.namespace;
      return createObject(m, { parent: this, dependsOn: [...(namespace ? [namespace] : []), ...extra] });
    };
    const ns = settings.namespace;
    this.namespace = ns;

    inNamespace(
      ns,
      complianceProfile({
        namespace: ns,
        environment: settings.environment,
        gdprRetentionDays: settings.gdprRetentionDays,
        gdprRetentionSchedule: settings.gdprRetentionSchedule,
        logRetentionDays: settings.logStore?.retentionDays,
        pciDss: settings.pciDss,
        pciNamespace: settings.pciNamespace,
        iso27001: settings.iso27001,
        soc2: settings.soc2,
      }),
    );

    // The personal data this platform holds is in the logs: without a log store there is nothing to purge.
    const store = settings.logStore;
    if (store) {
      const { endpoint } = store;
      const caSecret = settings.gdprCaSecret;
      const tls: pulumi.Resource[] = [];
      if (caSecret?.issueFromInternalCa) {
        tls.push(inNamespace(ns, gdprClientCertificate(ns, caSecret.name), [...(handles.dependencies.get(CERTIFICATES_DEPENDENCY) ?? [])]));
      }
      const password = endpoint.inCluster ? pulumi.output(store.password).apply((p) => derivePassword(p, "gdpr-retention")) : pulumi.output(store.password);
      const curlConfig = pulumi.secret(password.apply((p) => curlUserConfig(endpoint.retentionUser, p)));
      const job = gdprRetentionManifests({
        namespace: ns,
        image: settings.gdprJobImage,
        schedule: settings.gdprRetentionSchedule,
        retentionDays: settings.gdprRetentionDays,
        endpoint,
        indexPrefix: store.indexPrefix,
        curlConfig,
        caSecretName: caSecret?.name,
      });
      const policy = inNamespace(ns, gdprRetentionNetworkPolicy(ns, endpoint, store.namespace, settings.dns, settings.clusterCidrs));
      const inputs = [inNamespace(ns, job.secret), inNamespace(ns, job.serviceAccount), policy, ...tls];
      inNamespace(ns, job.cronJob, [...inputs, ...(handles.dependencies.get(LOGGING_DEPENDENCY) ?? [])]);
    }

    if (settings.pciDss) {
      const pci = pciZoneManifests(settings.pciNamespace, settings.pciServices, settings.pciSecrets);
      if (pci) inNamespace(settings.pciNamespace, pci.binding, [inNamespace(settings.pciNamespace, pci.role)]);
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}
