/**
 * The compliance concern's resolved settings: the `compliance` section with every default filled, the values of the
 * document's `compliance-config` and the namespaces its workloads read it in, the GDPR clean-up's targets (the catalog
 * services declaring a `retention` endpoint), the payment services of the PCI zone looked up in the catalog, and the
 * external log store the GDPR log-retention job purges (its facts from core/log-store.ts). Pure: tested without Pulumi.
 */
import { catalogNamespaces } from "../../core/catalog";
import { nonInternetRanges } from "../../core/cluster-ranges";
import type { Environment, PlatformConfig } from "../../core/config/platform";
import { serviceSelector } from "../../core/labels";
import { logStoreOf, type LogStore, type LogStoreSection } from "../../core/log-store";
import type { PeerPods } from "../../core/operator-network-policy";
import type { SecretCredential } from "../../core/secret-credentials";
import { meshControlPlanePeer } from "../../core/zero-trust/peers";
import type { ComplianceConfigValues } from "./profile";
import type { PciService } from "./pci-zone";
import type { ComplianceConfig } from "./schema";

/** The configuration the compliance concern reads: the platform-wide keys, its section and the log store's facts. */
export type ComplianceStackConfig<Credential = string> = PlatformConfig<Credential> & { compliance: ComplianceConfig; logging: LogStoreSection };

/** A catalog service's retention endpoint as the GDPR clean-up job calls it. */
export interface RetentionTarget {
  /** The service's name. */
  service: string;
  /** Its namespace. */
  namespace: string;
  /** The labels selecting its pods (the stack's selector label). */
  podSelector: Record<string, string>;
  /** Port number of the endpoint. */
  port: number;
  /** HTTP path of the endpoint. */
  path: string;
}

/** The GDPR clean-up of application data as this stack runs it. */
export interface ResolvedDataCleanup {
  /** When it runs (cron, UTC). */
  schedule: string;
  /** Days of application data kept (`olderThanDays` of each call). */
  retentionDays: number;
  /** Image of the job (curl). */
  image: string;
  /** Key of the label naming the job's pods (`naming.selectorLabel`, like the catalog's). */
  selectorLabel: string;
  /** Every catalog service with a `retention` endpoint, in catalog order. */
  targets: RetentionTarget[];
  /**
   * The mesh (`features.mesh`): the job's sidecar originates mutual TLS and the services admit its principal. Undefined
   * without the mesh, where no call of the platform is mutual TLS: the job's calls are then held by the NetworkPolicies
   * alone, like every other service-to-service call.
   */
  mesh?: {
    /** The mesh's trust domain: the job's principal in the services' AuthorizationPolicies. */
    trustDomain: string;
    /** istiod, which the job's sidecar reaches for its configuration and certificate. */
    istiod: PeerPods & { port: number };
  };
}

/**
 * The compliance concern as this stack deploys it.
 * @typeParam Credential  a Pulumi secret in the program; plaintext in the tests of {@link resolveCompliance}.
 */
export interface ResolvedCompliance<Credential = SecretCredential> {
  /** Namespace of the compliance profile and the GDPR retention job (restricted). */
  namespace: string;
  /** Where the stack runs (recorded in the profile). */
  environment: Environment;
  /** Days personal data may be kept. */
  gdprRetentionDays: number;
  /** When the GDPR log-retention job runs (cron, UTC). */
  gdprRetentionSchedule: string;
  /** Image of the GDPR log-retention job (curl). */
  gdprJobImage: string;
  /** The values of the document's `compliance-config` keys. */
  complianceConfig: ComplianceConfigValues;
  /** The namespaces the catalog's workloads run in: each gets `compliance-config`. */
  configNamespaces: string[];
  /** The GDPR clean-up of application data; undefined when disabled or when no catalog service declares a `retention` endpoint. */
  dataCleanup?: ResolvedDataCleanup;
  /** PCI-DSS scope: the PCI zone namespace and its payment-only role. */
  pciDss: boolean;
  /** Namespace of the PCI zone (declared when `pciDss`). */
  pciNamespace: string;
  /**
   * The catalog services whose ServiceAccounts get the payment-only role, in `compliance.pciServices` order: placed in
   * the PCI zone (the compliance feature's `placeServices`), with the Secrets and ConfigMaps the catalog gives them.
   */
  pciServices: PciService[];
  /** The PCI zone's own Secrets the payment services may also read (`get` by name), in `compliance.pciSecrets` order. */
  pciSecrets: string[];
  /** ISO/IEC 27001 controls claimed (recorded in the profile). */
  iso27001: boolean;
  /** SOC 2 controls claimed (recorded in the profile). */
  soc2: boolean;
  /**
   * The log store the GDPR log-retention job purges: an external one only (`logging.mode: external`), whose lifecycle
   * this program does not control. The in-cluster store's own ILM policy deletes logs after `logging.retentionDays`,
   * which the checks hold within `gdprRetentionDays`: a job there would never find anything to delete, so none runs.
   */
  logStore?: LogStore<Credential>;
  /** Days the log store keeps logs (`logging.retentionDays`), recorded in the profile; undefined without logging. */
  logRetentionDays?: number;
  /** Cluster DNS (`network.dns`): the GDPR jobs' only egress besides what they call. */
  dns: PeerPods;
  /** Ranges that are not "the internet": excluded from the job's egress to an external store. */
  clusterCidrs: string[];
}

/** The GDPR clean-up, or undefined when it is disabled or nothing declares a retention endpoint. */
function resolveDataCleanup(c: ComplianceStackConfig<unknown>): ResolvedDataCleanup | undefined {
  const { dataCleanup } = c.compliance;
  const targets: RetentionTarget[] = c.catalog.flatMap((s) => {
    const port = s.retention && s.ports.find((p) => p.name === s.retention!.port);
    return s.retention && port ? [{ service: s.name, namespace: s.namespace, podSelector: serviceSelector(s), port: port.port, path: s.retention.path }] : [];
  });
  if (!dataCleanup.enabled || targets.length === 0) return undefined;
  const istiod = meshControlPlanePeer(c.mesh);
  return {
    schedule: dataCleanup.schedule,
    retentionDays: dataCleanup.retentionDays ?? c.compliance.gdprRetentionDays,
    image: dataCleanup.image,
    selectorLabel: c.naming.selectorLabel,
    targets,
    ...(c.features.mesh
      ? { mesh: { trustDomain: c.mesh.trustDomain, istiod: { namespace: istiod.namespace, podLabels: istiod.podLabels, port: istiod.ports[0].port } } }
      : {}),
  };
}

/**
 * The compliance settings, or undefined when `features.compliance` is off. Every `compliance.pciServices` entry is
 * a catalog service: the checks refuse any other.
 */
export function resolveCompliance<Credential>(c: ComplianceStackConfig<Credential>): ResolvedCompliance<Credential> | undefined {
  if (!c.features.compliance) return undefined;
  const compliance = c.compliance;
  const store = logStoreOf(c);
  const logStore = store && !store.endpoint.inCluster ? store : undefined;
  return {
    namespace: compliance.namespace,
    environment: c.environment,
    gdprRetentionDays: compliance.gdprRetentionDays,
    gdprRetentionSchedule: compliance.gdprRetentionSchedule,
    gdprJobImage: compliance.gdprJobImage,
    complianceConfig: {
      gdprRetentionDays: compliance.gdprRetentionDays,
      pciDss: compliance.pciDss,
      iso27001: compliance.iso27001,
      soc2: compliance.soc2,
      auditLoggingLevel: compliance.auditLoggingLevel,
      dataEncryptionRequired: compliance.dataEncryptionRequired,
      mfaRequired: compliance.mfaRequired,
    },
    configNamespaces: catalogNamespaces(c),
    dataCleanup: resolveDataCleanup(c),
    pciDss: compliance.pciDss,
    pciNamespace: compliance.pciNamespace,
    pciServices: compliance.pciServices.flatMap((name) => c.catalog.filter((s) => s.name === name)),
    pciSecrets: compliance.pciSecrets,
    iso27001: compliance.iso27001,
    soc2: compliance.soc2,
    logStore,
    logRetentionDays: store?.retentionDays,
    dns: c.network.dns,
    clusterCidrs: nonInternetRanges(c.cluster),
  };
}
