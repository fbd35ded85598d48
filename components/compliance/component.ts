/**
 * Compliance: the document's `compliance-config` in every namespace the catalog's workloads run in and the compliance
 * profile, the GDPR clean-up of application data (a CronJob calling the services' retention endpoints through the
 * mesh, with its NetworkPolicies and AuthorizationPolicies), the GDPR log-retention CronJob of an external log store
 * (with its credentials and NetworkPolicy), and, when PCI-DSS is on, the payment-only role in the PCI zone namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { curlUserConfig } from "../../core/curl-config";
import type { PlatformHandles } from "../../core/handles";
import { createObject, type Manifest } from "../../core/kubernetes-object";
import { LOGGING_DEPENDENCY } from "../../core/log-store";
import { dataCleanupManifests } from "./data-cleanup";
import { gdprRetentionManifests } from "./gdpr-retention";
import { gdprRetentionNetworkPolicy } from "./network-policies";
import { pciZoneManifests } from "./pci-zone";
import { complianceConfigMap, complianceProfile } from "./profile";
import type { ResolvedCompliance } from "./settings";

/** Arguments of {@link Compliance}: the resolved compliance settings and the handles it needs. */
export interface ComplianceArgs {
  /** Resolved settings: every default already filled in by the resolve step. */
  settings: ResolvedCompliance;
  /** Its namespaces, and what the log-retention job waits for: the logging stack (the `logging` dependencies). */
  handles: PlatformHandles;
}

/** The compliance profile and the controls it promises. */
export class Compliance extends pulumi.ComponentResource {
  /** Namespace of the profile and the GDPR jobs. */
  readonly namespace: string;

  constructor(name: string, { settings, handles }: ComplianceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ecommerce:security:Compliance", name, {}, opts);
    const inNamespace = (ns: string, m: Manifest, extra: pulumi.Resource[] = []) => {
      const namespace = handles.namespaces.get(ns)?.namespace;
      return createObject(m, { parent: this, dependsOn: [...(namespace ? [namespace] : []), ...extra] });
    };
    const ns = settings.namespace;
    this.namespace = ns;
    const store = settings.logStore;
    const cleanup = settings.dataCleanup;

    inNamespace(
      ns,
      complianceProfile({
        ...settings.complianceConfig,
        namespace: ns,
        environment: settings.environment,
        gdprRetentionSchedule: store ? settings.gdprRetentionSchedule : undefined,
        dataCleanupSchedule: cleanup?.schedule,
        logRetentionDays: settings.logRetentionDays,
        pciNamespace: settings.pciNamespace,
      }),
    );
    for (const workloads of settings.configNamespaces) inNamespace(workloads, complianceConfigMap(workloads, settings.complianceConfig));

    if (cleanup) {
      const objects = dataCleanupManifests({ ...cleanup, namespace: ns, dns: settings.dns });
      const admitted = objects.targets.flatMap((t, i) => [
        inNamespace(cleanup.targets[i].namespace, t.networkPolicy),
        ...(t.authorizationPolicy ? [inNamespace(cleanup.targets[i].namespace, t.authorizationPolicy)] : []),
      ]);
      const inputs = [inNamespace(ns, objects.serviceAccount), inNamespace(ns, objects.networkPolicy), ...admitted];
      inNamespace(ns, objects.cronJob, inputs);
    }

    // An external log store's lifecycle is not this program's: the job is the GDPR ceiling there.
    if (store) {
      const { endpoint } = store;
      const curlConfig = pulumi.secret(pulumi.output(store.password).apply((p) => curlUserConfig(endpoint.writerUser, p)));
      const job = gdprRetentionManifests({
        namespace: ns,
        image: settings.gdprJobImage,
        schedule: settings.gdprRetentionSchedule,
        retentionDays: settings.gdprRetentionDays,
        endpoint,
        indexPrefix: store.indexPrefix,
        curlConfig,
      });
      const policy = inNamespace(ns, gdprRetentionNetworkPolicy(ns, endpoint, store.namespace, settings.dns, settings.clusterCidrs));
      const inputs = [inNamespace(ns, job.secret), inNamespace(ns, job.serviceAccount), policy];
      inNamespace(ns, job.cronJob, [...inputs, ...(handles.dependencies.get(LOGGING_DEPENDENCY) ?? [])]);
    }

    if (settings.pciDss) {
      const pci = pciZoneManifests(settings.pciNamespace, settings.pciServices, settings.pciSecrets);
      if (pci) inNamespace(settings.pciNamespace, pci.binding, [inNamespace(settings.pciNamespace, pci.role)]);
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}
